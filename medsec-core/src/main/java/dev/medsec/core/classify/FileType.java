package dev.medsec.core.classify;

import java.util.Locale;

/** What a file is, decided by its bytes, never by its name. */
public enum FileType {
    ELF, PE, FDT, UIMAGE, LINUX_KERNEL, KERNEL_CONFIG,
    X509_PEM, X509_DER, PRIVATE_KEY_PEM, PUBLIC_KEY_PEM, PKCS12, JAVA_KEYSTORE,
    SQLITE, JAVA_CLASS, JAR, ZIP, TAR, GZIP, XZ, ZSTD, BZIP2, LZ4, LZ4_LEGACY, LZMA, LZOP, CPIO, SQUASHFS, EXT_FS, AR,
    /** A disk image with an MBR or GPT partition table. */
    DISK_IMAGE, FAT_FS, ANDROID_SPARSE,
    /** Filesystems and firmware containers of optical media, NOR/NAND flash and UEFI boards. */
    ISO9660, CRAMFS, JFFS2, UBI, UBIFS, UEFI_FV,
    SHELL_SCRIPT, SCRIPT, DICOM, HL7, JSON, XML, TEXT, OTHER, EMPTY,
    /** Entries without content: directories, links, device nodes. */
    NONE;

    /** Containers the unpack stage opens. */
    public boolean isArchive() {
        return switch (this) {
            case JAR, ZIP, TAR, GZIP, XZ, ZSTD, BZIP2, LZ4, LZ4_LEGACY, LZMA, LZOP, CPIO, SQUASHFS, EXT_FS, AR, DISK_IMAGE, FAT_FS, ANDROID_SPARSE,
                 ISO9660, CRAMFS, JFFS2, UBI, UBIFS, UEFI_FV -> true;
            default -> false;
        };
    }

    /**
     * Containers that stay entries of the image, even as the scan target, with their members a layer below them:
     * files checked as themselves (a uImage's header, a FIT's signatures) and byte layouts (a disk image is
     * reported as {@code /sdcard.wic!/p2-rootfs!/usr/bin/curl}).
     */
    public boolean keepsOwnEntry() {
        return this == UIMAGE || this == FDT || this == DISK_IMAGE || this == LINUX_KERNEL || this == UEFI_FV;
    }

    /** Name used in report.json's {@code stats.artifactsByType}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
