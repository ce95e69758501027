package dev.medsec.core.classify;

import java.util.Locale;

/** What a file is, decided by its bytes, never by its name. */
public enum FileType {
    ELF, PE, FDT, UIMAGE, LINUX_KERNEL, KERNEL_CONFIG,
    X509_PEM, X509_DER, PRIVATE_KEY_PEM, PUBLIC_KEY_PEM, PKCS12, JAVA_KEYSTORE,
    SQLITE, JAVA_CLASS, JAR, ZIP, TAR, GZIP, XZ, ZSTD, BZIP2, LZ4, CPIO, SQUASHFS, EXT_FS, AR,
    SHELL_SCRIPT, SCRIPT, DICOM, HL7, JSON, XML, TEXT, OTHER, EMPTY,
    /** Entries without content: directories, links, device nodes. */
    NONE;

    /** Containers the unpack stage opens. */
    public boolean isArchive() {
        return switch (this) {
            case JAR, ZIP, TAR, GZIP, XZ, ZSTD, BZIP2, CPIO, SQUASHFS, EXT_FS, AR -> true;
            default -> false;
        };
    }

    /** Name used in report.json's {@code stats.artifactsByType}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
