package dev.medsec.core.classify;

import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Decides a file's type from its leading bytes (at most the first 8 KiB plus a few fixed offsets). The order of
 * tests matters: formats with strong magic first, text heuristics last.
 */
public final class Classifier {
    private static final Map<Integer, String> ELF_MACHINES = Map.ofEntries(
            Map.entry(2, "SPARC"), Map.entry(3, "x86"), Map.entry(8, "MIPS"), Map.entry(20, "PowerPC"),
            Map.entry(21, "PowerPC64"), Map.entry(22, "S390"), Map.entry(40, "ARM"), Map.entry(42, "SuperH"),
            Map.entry(50, "IA-64"), Map.entry(62, "x86-64"), Map.entry(183, "AArch64"), Map.entry(243, "RISC-V"),
            Map.entry(258, "LoongArch"), Map.entry(94, "Xtensa"), Map.entry(164, "Hexagon"));

    private static final java.util.regex.Pattern SHELL_SHEBANG =
            java.util.regex.Pattern.compile("#!\\s*\\S*/(env\\s+)?(ba|da|k|z|a|mk)?sh\\b.*");
    private static final java.util.regex.Pattern PRIVATE_KEY_PEM =
            java.util.regex.Pattern.compile("-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED) )?PRIVATE KEY-----");

    private Classifier() {
    }

    public static Classification classify(Artifact a) throws IOException {
        if (a.size() == 0) {
            return Classification.of(FileType.EMPTY);
        }
        // A file too large to map whole (a disk image of several GiB) is classified from its first MiB: every
        // test below reads the head or a fixed offset inside it.
        ByteBuffer all = a.size() > Integer.MAX_VALUE - 16 ? a.headWindow(1 << 20) : a.bytes();
        return classify(all, a.fileName());
    }

    private static final ThreadLocal<byte[]> HEAD = ThreadLocal.withInitial(() -> new byte[8192]);

    /**
     * Classifies content; {@code fileName} only breaks ties between formats that share magic (a jar is a zip),
     * it never decides a type on its own.
     */
    public static Classification classify(ByteBuffer all, String fileName) {
        int n = all.remaining();
        // The head goes into this thread's scratch array (every file is classified; a copy each was a tenth of
        // a scan's allocation). Only its first hn bytes are valid.
        byte[] h = HEAD.get();
        int hn = Math.min(n, h.length);
        all.duplicate().get(h, 0, hn);
        String lower = fileName.toLowerCase(Locale.ROOT);

        if (startsWith(h, hn, 0, 0x7f, 'E', 'L', 'F')) {
            return elf(h, hn);
        }
        if (startsWith(h, hn, 0, 0xd0, 0x0d, 0xfe, 0xed)) {
            return Classification.of(FileType.FDT);
        }
        if (startsWith(h, hn, 0, 0x27, 0x05, 0x19, 0x56)) {
            return Classification.of(FileType.UIMAGE);
        }
        if (startsWith(h, hn, 0, 'M', 'Z')) {
            if (isPe(all)) {
                return bzImageOr(all, new Classification(FileType.PE, "PE/COFF"));
            }
        }
        if (isLinuxKernel(all)) {
            return Classification.of(FileType.LINUX_KERNEL);
        }
        if (startsWith(h, hn, 0, 'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't', ' ', '3', 0)) {
            return Classification.of(FileType.SQLITE);
        }
        if (startsWith(h, hn, 0, 0xca, 0xfe, 0xba, 0xbe) && hn >= 8) {
            int major = ((h[6] & 0xff) << 8) | (h[7] & 0xff);
            if (major >= 45 && major < 100) {
                return new Classification(FileType.JAVA_CLASS, "class file version " + major);
            }
        }
        if (startsWith(h, hn, 0, 0xfe, 0xed, 0xfe, 0xed)) {
            return Classification.of(FileType.JAVA_KEYSTORE);
        }
        if (startsWith(h, hn, 0, 0xce, 0xce, 0xce, 0xce)) {
            return new Classification(FileType.JAVA_KEYSTORE, "JCEKS");
        }
        if (startsWith(h, hn, 0, 'P', 'K', 3, 4) || startsWith(h, hn, 0, 'P', 'K', 5, 6)) {
            return isJar(h, hn, lower) ? Classification.of(FileType.JAR) : Classification.of(FileType.ZIP);
        }
        if (startsWith(h, hn, 0, 0x1f, 0x8b)) {
            return Classification.of(FileType.GZIP);
        }
        if (startsWith(h, hn, 0, 0xfd, '7', 'z', 'X', 'Z', 0)) {
            return Classification.of(FileType.XZ);
        }
        if (startsWith(h, hn, 0, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Classification.of(FileType.ZSTD);
        }
        if (startsWith(h, hn, 0, 'B', 'Z', 'h') && hn > 3 && h[3] >= '1' && h[3] <= '9') {
            return Classification.of(FileType.BZIP2);
        }
        if (startsWith(h, hn, 0, 0x04, 0x22, 0x4d, 0x18)) {
            return Classification.of(FileType.LZ4);
        }
        if (startsWith(h, hn, 0, 0x02, 0x21, 0x4c, 0x18)) {
            return Classification.of(FileType.LZ4_LEGACY);
        }
        if (startsWith(h, hn, 0, 0x89, 'L', 'Z', 'O', 0, 0x0d, 0x0a, 0x1a, 0x0a)) {
            return Classification.of(FileType.LZOP);
        }
        if (isLzmaAlone(h, hn)) {
            return Classification.of(FileType.LZMA);
        }
        if (startsWith(h, hn, 0, 'h', 's', 'q', 's') || startsWith(h, hn, 0, 's', 'q', 's', 'h')) {
            return Classification.of(FileType.SQUASHFS);
        }
        if (startsWith(h, hn, 0, '0', '7', '0', '7', '0', '1') || startsWith(h, hn, 0, '0', '7', '0', '7', '0', '2')
                || startsWith(h, hn, 0, '0', '7', '0', '7', '0', '7')
                || startsWith(h, hn, 0, 0xc7, 0x71) || startsWith(h, hn, 0, 0x71, 0xc7)) {
            return Classification.of(FileType.CPIO);
        }
        if (startsWith(h, hn, 0, '!', '<', 'a', 'r', 'c', 'h', '>', '\n')) {
            return new Classification(FileType.AR, lower.endsWith(".deb") ? "Debian package" : "");
        }
        if (isTar(h, hn)) {
            return Classification.of(FileType.TAR);
        }
        if (n >= 1082) {
            byte lo = all.get(1080);
            byte hi = all.get(1081);
            if ((lo & 0xff) == 0x53 && (hi & 0xff) == 0xef && n >= 2048) {
                return Classification.of(FileType.EXT_FS);
            }
        }
        Classification disk = diskOrFilesystem(all, h, hn);
        if (disk != null) {
            return disk;
        }
        if (n >= 132 && all.get(128) == 'D' && all.get(129) == 'I' && all.get(130) == 'C' && all.get(131) == 'M') {
            return Classification.of(FileType.DICOM);
        }
        if (isPkcs12(h, hn)) {
            return Classification.of(FileType.PKCS12);
        }
        if (isDerCertificate(h, hn)) {
            return Classification.of(FileType.X509_DER);
        }
        return text(h, hn);
    }

    /**
     * Partition tables, FAT, Android sparse images and the flash and optical formats recognised by their own
     * headers. A FAT boot sector also ends in 0x55AA, so it is told from an MBR by its BIOS parameter block first.
     */
    private static Classification diskOrFilesystem(ByteBuffer all, byte[] h, int hn) {
        int n = all.remaining();
        if (startsWith(h, hn, 0, 0x3a, 0xff, 0x26, 0xed)) {
            return Classification.of(FileType.ANDROID_SPARSE);
        }
        if (startsWith(h, hn, 0, 'U', 'B', 'I', '#')) {
            return Classification.of(FileType.UBI);
        }
        if (hn >= 24 && startsWith(h, hn, 0, 0x31, 0x18, 0x10, 0x06) && h[20] == 6) {
            return Classification.of(FileType.UBIFS);
        }
        if (startsWith(h, hn, 0, 0x45, 0x3d, 0xcd, 0x28) || startsWith(h, hn, 0, 0x28, 0xcd, 0x3d, 0x45)) {
            return Classification.of(FileType.CRAMFS);
        }
        if (hn >= 12 && (startsWith(h, hn, 0, 0x85, 0x19) && (h[3] == (byte) 0xe0 || h[3] == 0x20)
                || startsWith(h, hn, 0, 0x19, 0x85) && (h[2] == (byte) 0xe0 || h[2] == 0x20))) {
            return Classification.of(FileType.JFFS2);
        }
        if (hn >= 48 && startsWith(h, hn, 40, '_', 'F', 'V', 'H')) {
            return Classification.of(FileType.UEFI_FV);
        }
        if (n > 32774 && all.get(32769) == 'C' && all.get(32770) == 'D' && all.get(32771) == '0'
                && all.get(32772) == '0' && all.get(32773) == '1') {
            return Classification.of(FileType.ISO9660);
        }
        if (hn < 512 || (h[510] & 0xff) != 0x55 || (h[511] & 0xff) != 0xaa) {
            return gptAt4k(h, hn) ? new Classification(FileType.DISK_IMAGE, "GPT, 4096-byte sectors") : null;
        }
        if (isFatBootSector(h)) {
            return Classification.of(FileType.FAT_FS);
        }
        if (hn >= 520 && startsWith(h, hn, 512, 'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T')) {
            return new Classification(FileType.DISK_IMAGE, "GPT");
        }
        if (gptAt4k(h, hn)) {
            return new Classification(FileType.DISK_IMAGE, "GPT, 4096-byte sectors");
        }
        return isMbr(h) ? new Classification(FileType.DISK_IMAGE, "MBR") : null;
    }

    private static boolean gptAt4k(byte[] h, int hn) {
        return hn >= 4104 && startsWith(h, hn, 4096, 'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T');
    }

    private static boolean isFatBootSector(byte[] h) {
        boolean jump = (h[0] & 0xff) == 0xeb && (h[2] & 0xff) == 0x90 || (h[0] & 0xff) == 0xe9;
        int bytesPerSector = (h[11] & 0xff) | (h[12] & 0xff) << 8;
        int sectorsPerCluster = h[13] & 0xff;
        int reserved = (h[14] & 0xff) | (h[15] & 0xff) << 8;
        int fats = h[16] & 0xff;
        return jump && (bytesPerSector == 512 || bytesPerSector == 1024 || bytesPerSector == 2048 || bytesPerSector == 4096)
                && sectorsPerCluster > 0 && Integer.bitCount(sectorsPerCluster) == 1 && reserved > 0 && fats >= 1 && fats <= 4;
    }

    /** Four partition entries whose status bytes are valid and at least one of which describes a partition. */
    private static boolean isMbr(byte[] h) {
        boolean any = false;
        for (int e = 446; e < 510; e += 16) {
            int status = h[e] & 0xff;
            if (status != 0 && status != 0x80) {
                return false;
            }
            int type = h[e + 4] & 0xff;
            long start = (h[e + 8] & 0xffL) | (h[e + 9] & 0xffL) << 8 | (h[e + 10] & 0xffL) << 16 | (h[e + 11] & 0xffL) << 24;
            long count = (h[e + 12] & 0xffL) | (h[e + 13] & 0xffL) << 8 | (h[e + 14] & 0xffL) << 16 | (h[e + 15] & 0xffL) << 24;
            if (type != 0 && start > 0 && count > 0) {
                any = true;
            }
        }
        return any;
    }

    /**
     * LZMA "alone" (.lzma, lzma-utils, the kernel's CONFIG_RD_LZMA): the default properties byte 0x5d, a
     * dictionary size that is a power of two (or 1.5 times one) from 64 KiB to 1 GiB, and an uncompressed size
     * that is unknown (all ones) or below 2^40.
     */
    public static boolean isLzmaAlone(byte[] h, int hn) {
        if (hn < 13 || (h[0] & 0xff) != 0x5d) {
            return false;
        }
        long dict = (h[1] & 0xffL) | (h[2] & 0xffL) << 8 | (h[3] & 0xffL) << 16 | (h[4] & 0xffL) << 24;
        boolean dictOk = dict >= (1 << 16) && dict <= (1L << 30)
                && (Long.bitCount(dict) == 1 || Long.bitCount(dict) == 2 && Long.bitCount(dict & (dict >>> 1)) == 1);
        boolean unknownSize = true;
        for (int i = 5; i < 13; i++) {
            unknownSize &= (h[i] & 0xff) == 0xff;
        }
        return dictOk && (unknownSize || h[10] == 0 && h[11] == 0 && h[12] == 0);
    }

    private static Classification elf(byte[] h, int hn) {
        if (hn < 20) {
            return new Classification(FileType.ELF, "truncated");
        }
        String cls = h[4] == 2 ? "ELF64" : h[4] == 1 ? "ELF32" : "ELF?";
        boolean little = h[5] != 2;
        String endian = little ? "LSB" : "MSB";
        ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer b = ByteBuffer.wrap(h, 0, hn).order(order);
        int type = b.getShort(16) & 0xffff;
        int machine = b.getShort(18) & 0xffff;
        String typeName = switch (type) {
            case 1 -> "REL";
            case 2 -> "EXEC";
            case 3 -> "DYN";
            case 4 -> "CORE";
            default -> "type " + type;
        };
        String machineName = ELF_MACHINES.getOrDefault(machine, "machine " + machine);
        return new Classification(FileType.ELF, cls + " " + endian + " " + machineName + " " + typeName);
    }

    private static boolean isPe(ByteBuffer all) {
        if (all.remaining() < 0x40) {
            return false;
        }
        long peOffset = Integer.toUnsignedLong(all.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0x3c));
        if (peOffset + 4 > all.remaining()) {
            return false;
        }
        int off = (int) peOffset;
        return all.get(off) == 'P' && all.get(off + 1) == 'E' && all.get(off + 2) == 0 && all.get(off + 3) == 0;
    }

    /** An x86 bzImage is also a PE (EFI stub); it is a kernel first. */
    private static Classification bzImageOr(ByteBuffer all, Classification otherwise) {
        return hasHdrS(all) ? new Classification(FileType.LINUX_KERNEL, "bzImage (EFI stub)") : otherwise;
    }

    private static boolean hasHdrS(ByteBuffer all) {
        return all.remaining() > 0x206 && all.get(0x202) == 'H' && all.get(0x203) == 'd' && all.get(0x204) == 'r'
                && all.get(0x205) == 'S';
    }

    private static boolean isLinuxKernel(ByteBuffer all) {
        if (hasHdrS(all)) {
            return true;
        }
        int n = all.remaining();
        // arm64 Image: "ARM\x64" at 0x38; RISC-V Image: "RSC\x05" at 0x38; ARM zImage: 0x016f2818 at 0x24.
        if (n > 0x3c && all.get(0x38) == 'A' && all.get(0x39) == 'R' && all.get(0x3a) == 'M' && all.get(0x3b) == 0x64) {
            return true;
        }
        if (n > 0x3c && all.get(0x38) == 'R' && all.get(0x39) == 'S' && all.get(0x3a) == 'C' && all.get(0x3b) == 0x05) {
            return true;
        }
        return n > 0x28 && all.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0x24) == 0x016f2818;
    }

    private static boolean isJar(byte[] h, int hn, String lowerName) {
        if (lowerName.endsWith(".jar") || lowerName.endsWith(".war") || lowerName.endsWith(".ear")) {
            return true;
        }
        if (hn < 30) {
            return false;
        }
        int nameLen = (h[26] & 0xff) | ((h[27] & 0xff) << 8);
        if (30 + nameLen > hn) {
            return false;
        }
        String first = new String(h, 30, nameLen, StandardCharsets.ISO_8859_1);
        return first.startsWith("META-INF/") || first.endsWith(".class");
    }

    /** ustar magic, or a v7 header whose checksum field verifies. */
    private static boolean isTar(byte[] h, int hn) {
        if (hn < 512) {
            return false;
        }
        if (h[257] == 'u' && h[258] == 's' && h[259] == 't' && h[260] == 'a' && h[261] == 'r') {
            return true;
        }
        long stored = 0;
        boolean digits = false;
        for (int i = 148; i < 156; i++) {
            int c = h[i] & 0xff;
            if (c >= '0' && c <= '7') {
                stored = stored * 8 + (c - '0');
                digits = true;
            } else if (c != ' ' && c != 0) {
                return false;
            }
        }
        if (!digits || h[0] == 0) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        return sum == stored;
    }

    /** DER SEQUENCE { SEQUENCE { [0] { INTEGER v } ... } }: the shape of a TBSCertificate with a version. */
    private static boolean isDerCertificate(byte[] h, int hn) {
        if (hn < 16 || (h[0] & 0xff) != 0x30) {
            return false;
        }
        int i = skipLength(h, hn, 1);
        if (i < 0 || i + 2 > hn || (h[i] & 0xff) != 0x30) {
            return false;
        }
        i = skipLength(h, hn, i + 1);
        return i > 0 && i + 5 <= hn && (h[i] & 0xff) == 0xa0 && (h[i + 1] & 0xff) == 0x03
                && h[i + 2] == 0x02 && h[i + 3] == 0x01;
    }

    /** PFX: SEQUENCE { INTEGER 3, SEQUENCE { OID pkcs7-data ... */
    private static boolean isPkcs12(byte[] h, int hn) {
        if (hn < 16 || (h[0] & 0xff) != 0x30) {
            return false;
        }
        int i = skipLength(h, hn, 1);
        return i > 0 && i + 3 <= hn && h[i] == 0x02 && h[i + 1] == 0x01 && h[i + 2] == 0x03;
    }

    /** Returns the index after a DER length field starting at {@code i}, or -1. */
    private static int skipLength(byte[] h, int hn, int i) {
        if (i >= hn) {
            return -1;
        }
        int first = h[i] & 0xff;
        if (first < 0x80) {
            return i + 1;
        }
        int count = first & 0x7f;
        return count == 0 || count > 4 ? -1 : i + 1 + count;
    }

    private static final byte[] PEM_BEGIN = "-----BEGIN ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONFIG = "CONFIG_".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] GENERATED = "# Automatically generated file; DO NOT EDIT.".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * Text heuristics. Every file of a root filesystem that has no magic ends here, so the head is read once: the
     * same pass that judges printability notes the few markers (PEM armour, kernel options) that need a closer
     * look, and a string is made only for those.
     */
    private static Classification text(byte[] h, int hn) {
        int marks = headMarks(h, hn);
        if ((marks & BINARY) != 0 || (hn - (marks >>> 3)) < hn * 0.95) {
            return Classification.of(FileType.OTHER);
        }
        boolean pem = (marks & PEM) != 0;
        boolean config = (marks & CONFIG_OPTION) != 0;
        if (hn >= 2 && h[0] == '#' && h[1] == '!') {
            String line = firstLine(h, hn);
            boolean shell = SHELL_SHEBANG.matcher(line).matches();
            return new Classification(shell ? FileType.SHELL_SCRIPT : FileType.SCRIPT, line.substring(2).trim());
        }
        if (startsWith(h, hn, 0, 'M', 'S', 'H', '|') || startsWith(h, hn, 0, 'F', 'H', 'S', '|')
                || startsWith(h, hn, 0, 'B', 'H', 'S', '|')) {
            return Classification.of(FileType.HL7);
        }
        if (pem || config) {
            String s = new String(h, 0, hn, StandardCharsets.ISO_8859_1);
            if (pem) {
                if (PRIVATE_KEY_PEM.matcher(s).find()) {
                    return Classification.of(FileType.PRIVATE_KEY_PEM);
                }
                if (s.contains("-----BEGIN CERTIFICATE-----") || s.contains("-----BEGIN TRUSTED CERTIFICATE-----")) {
                    return Classification.of(FileType.X509_PEM);
                }
                if (s.contains("-----BEGIN PUBLIC KEY-----") || s.contains("-----BEGIN RSA PUBLIC KEY-----")) {
                    return Classification.of(FileType.PUBLIC_KEY_PEM);
                }
            }
            if (config && isKernelConfig(s)) {
                return Classification.of(FileType.KERNEL_CONFIG);
            }
        }
        int t = 0;
        while (t < hn && Character.isWhitespace((char) (h[t] & 0xff))) {
            t++;
        }
        int left = hn - t;
        boolean xmlDeclaration = startsWith(h, hn, t, '<', '?', 'x', 'm', 'l');
        if (xmlDeclaration || startsWith(h, hn, t, '<') && !startsWith(h, hn, t, '<', '!', 'D', 'O', 'C', 'T', 'Y', 'P', 'E', ' ', 'h', 't', 'm', 'l')
                && left > 1 && Character.isLetter((char) (h[t + 1] & 0xff))) {
            return Classification.of(FileType.XML);
        }
        if (left > 1) {
            char second = (char) (h[t + 1] & 0xff);
            if (h[t] == '{' && (second == '"' || Character.isWhitespace(second) || second == '}')
                    || h[t] == '[' && "{[\"\n ]".indexOf(second) >= 0) {
                return Classification.of(FileType.JSON);
            }
        }
        return Classification.of(FileType.TEXT);
    }

    private static final int BINARY = 1;
    private static final int PEM = 2;
    private static final int CONFIG_OPTION = 4;

    /**
     * One pass over the head: {@link #BINARY} at the first NUL, {@link #PEM} for PEM armour, {@link #CONFIG_OPTION}
     * for a kernel option or a kernel configuration's header; the count of non-printable bytes above bit 3.
     * (Its own method, so that the compiler's hot-loop work is this loop alone.)
     */
    private static int headMarks(byte[] h, int hn) {
        int flags = 0;
        int other = 0;
        byte[] kinds = BYTE_KIND;
        for (int i = 0; i < hn; i++) {
            int kind = kinds[h[i] & 0xff];
            if (kind == PLAIN) {
                continue;
            }
            if (kind == NUL) {
                return BINARY;
            }
            if (kind == CONTROL) {
                other++;
            } else if (h[i] == '-') {
                if (regionMatches(h, hn, i, PEM_BEGIN)) {
                    flags |= PEM;
                }
            } else if (regionMatches(h, hn, i, CONFIG) || regionMatches(h, hn, i, GENERATED)) {
                flags |= CONFIG_OPTION;
            }
        }
        return flags | other << 3;
    }

    private static final byte PLAIN = 0;
    private static final byte NUL = 1;
    private static final byte CONTROL = 2;
    private static final byte MARKER = 3;
    /** What each byte value means to {@link #headMarks}: one table load per byte instead of a chain of tests. */
    private static final byte[] BYTE_KIND = new byte[256];

    static {
        for (int c = 1; c < 0x20; c++) {
            BYTE_KIND[c] = c == '\n' || c == '\r' || c == '\t' || c == 0x0c || c == 0x1b ? PLAIN : CONTROL;
        }
        BYTE_KIND[0] = NUL;
        BYTE_KIND['-'] = MARKER;
        BYTE_KIND['C'] = MARKER;
        BYTE_KIND['#'] = MARKER;
    }

    private static boolean regionMatches(byte[] h, int hn, int at, byte[] what) {
        if (at + what.length > hn) {
            return false;
        }
        for (int i = 0; i < what.length; i++) {
            if (h[at + i] != what[i]) {
                return false;
            }
        }
        return true;
    }

    /** The first line as {@link String#lines()} would give it: up to the first CR or LF. */
    private static String firstLine(byte[] h, int hn) {
        int end = 0;
        while (end < hn && h[end] != '\n' && h[end] != '\r') {
            end++;
        }
        return new String(h, 0, end, StandardCharsets.ISO_8859_1);
    }

    private static boolean isKernelConfig(String s) {
        if (s.contains("# Automatically generated file; DO NOT EDIT.") && s.contains("Kernel Configuration")) {
            return true;
        }
        if (!s.contains("CONFIG_")) {
            return false;
        }
        int configLines = 0;
        for (String line : (Iterable<String>) s.lines()::iterator) {
            if (line.startsWith("CONFIG_") && line.indexOf('=') > 7
                    || line.startsWith("# CONFIG_") && line.endsWith(" is not set")) {
                configLines++;
            }
        }
        return configLines >= 5;
    }

    private static boolean startsWith(byte[] h, int hn, int off, int... magic) {
        if (hn < off + magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[off + i] & 0xff) != (magic[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }
}
