package dev.medsec.unpack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds known structures at any 4-byte-aligned offset of a range no format claims (a raw flash dump, the gap
 * between a disk's partition table and its first partition). A candidate counts only when the format's own
 * checks confirm it and give its exact length: a uImage's header CRC, an FDT's header fields, a squashfs
 * superblock's bytes_used, an ext superblock's block count, a gzip stream that inflates to its end, an xz stream
 * whose footer verifies, a zstd or LZ4 frame walked block by block, a cpio archive walked to its trailer, a U-Boot
 * environment whose CRC32 covers its block. A byte range belongs to at most one carved piece; the first
 * confirmed candidate wins and the search goes on after its end.
 */
final class Carver {
    private static final int WINDOW = 1 << 20;
    private static final int HEADER_SLACK = 2048;
    /** Candidates are confirmed at most this often per range, so a dump full of false magic stays fast. */
    private static final int MAX_CONFIRMATIONS = 200_000;
    private static final int[] ENV_SIZES = {0x1000, 0x2000, 0x4000, 0x8000, 0x10000, 0x20000, 0x40000};

    private Carver() {
    }

    /** Confirmed pieces that start in [from, to) and end at or before {@code limit}, in order, not overlapping. */
    static List<Layout.Piece> carve(ByteSource src, long from, long to, long limit) throws IOException {
        List<Layout.Piece> out = new ArrayList<>();
        long pos = (from + 3) & ~3L;
        int confirmations = 0;
        while (pos < to) {
            long windowEnd = Math.min(to, pos + WINDOW);
            ByteBuffer w = src.read(pos, (int) Math.min(WINDOW + HEADER_SLACK, limit - pos)).order(ByteOrder.BIG_ENDIAN);
            long next = windowEnd;
            for (int i = 0; pos + i < windowEnd && i + 4 <= w.limit(); i += 4) {
                int magic = w.getInt(i);
                if (!mayStart(magic, w, i) || ++confirmations > MAX_CONFIRMATIONS) {
                    continue;
                }
                Layout.Piece p = confirm(src, pos + i, magic, limit);
                if (p != null && p.length() > 0) {
                    out.add(p);
                    next = (p.end() + 3) & ~3L;
                    break;
                }
            }
            pos = Math.max(next, pos + 4);
        }
        return out;
    }

    /** A cheap test on the four bytes at a candidate offset before anything is read. */
    private static boolean mayStart(int magic, ByteBuffer w, int i) {
        switch (magic) {
            case 0x27051956, 0xd00dfeed, 0x68737173, 0x28b52ffd, 0x04224d18, 0x30373037, 0x55424923, 0x453dcd28 -> {
                return true;
            }
            default -> {
                // gzip (1f 8b 08), xz (fd 37 7a 58), jffs2 (85 19 / 19 85), ext (superblock magic at +1080),
                // a U-Boot environment (CRC32, then "name=")
                int top = magic >>> 8;
                return top == 0x1f8b08 || magic == 0xfd377a58 || (magic >>> 16) == 0x8519 || (magic >>> 16) == 0x1985
                        || looksLikeEnv(w, i + 4) || looksLikeEnv(w, i + 5) || extMagicAt(w, i);
            }
        }
    }

    private static boolean extMagicAt(ByteBuffer w, int i) {
        return i % 512 == 0 && i + 1082 <= w.limit() && (w.get(i + 1080) & 0xff) == 0x53 && (w.get(i + 1081) & 0xff) == 0xef;
    }

    private static Layout.Piece confirm(ByteSource src, long at, int magic, long limit) throws IOException {
        long room = limit - at;
        return switch (magic) {
            case 0x27051956 -> uImage(src, at, room);
            case 0xd00dfeed -> fdt(src, at, room);
            case 0x68737173 -> squashfs(src, at, room);
            case 0x28b52ffd -> named(at, FrameWalker.zstd(src, at, limit), "zst");
            case 0x04224d18 -> named(at, FrameWalker.lz4(src, at, limit), "lz4");
            case 0x30373037 -> named(at, FrameWalker.cpio(src, at, limit), "cpio");
            case 0x55424923 -> named(at, FrameWalker.ubi(src, at, limit), "ubi");
            case 0x453dcd28 -> cramfs(src, at, room);
            default -> other(src, at, magic, limit);
        };
    }

    private static Layout.Piece other(ByteSource src, long at, int magic, long limit) throws IOException {
        long room = limit - at;
        if ((magic >>> 8) == 0x1f8b08) {
            Layout.Piece p = named(at, gzipLength(src, at, room), "gz");
            if (p != null) {
                return p;
            }
        }
        if (magic == 0xfd377a58) {
            Layout.Piece p = named(at, FrameWalker.xz(src, at, limit), "xz");
            if (p != null) {
                return p;
            }
        }
        if ((magic >>> 16) == 0x8519 || (magic >>> 16) == 0x1985) {
            Layout.Piece p = named(at, FrameWalker.jffs2(src, at, limit), "jffs2");
            if (p != null) {
                return p;
            }
        }
        Layout.Piece env = ubootEnv(src, at, room);
        if (env != null) {
            return env;
        }
        return ext(src, at, room);
    }

    private static Layout.Piece named(long at, long length, String ext) {
        return length <= 0 ? null : new Layout.Slice(at, length, name(at, ext));
    }

    static String name(long at, String ext) {
        return String.format(Locale.ROOT, "0x%08x.%s", at, ext);
    }

    /** Header CRC over the 64-byte header with its CRC field zeroed; length is header plus ih_size. */
    private static Layout.Piece uImage(ByteSource src, long at, long room) throws IOException {
        if (room < 64) {
            return null;
        }
        ByteBuffer h = src.read(at, 64).order(ByteOrder.BIG_ENDIAN);
        if (!UImages.headerCrcMatches(h)) {
            return null;
        }
        long size = 64 + Integer.toUnsignedLong(h.getInt(12));
        return size <= room ? new Layout.Slice(at, size, name(at, "uimage")) : null;
    }

    /** Version 16 or 17, blocks inside totalsize, the structure block opening with FDT_BEGIN_NODE. */
    private static Layout.Piece fdt(ByteSource src, long at, long room) throws IOException {
        if (room < 40) {
            return null;
        }
        ByteBuffer h = src.read(at, 40).order(ByteOrder.BIG_ENDIAN);
        long total = Integer.toUnsignedLong(h.getInt(4));
        long offStruct = Integer.toUnsignedLong(h.getInt(8));
        long offStrings = Integer.toUnsignedLong(h.getInt(12));
        int version = h.getInt(20);
        long sizeStrings = Integer.toUnsignedLong(h.getInt(32));
        long sizeStruct = Integer.toUnsignedLong(h.getInt(36));
        if (total < 40 || total > room || version < 16 || version > 17 || offStruct + sizeStruct > total
                || offStrings + sizeStrings > total || offStruct < 40 || offStruct + 4 > total) {
            return null;
        }
        if (src.read(at + offStruct, 4).order(ByteOrder.BIG_ENDIAN).getInt(0) != 1) {
            return null;
        }
        return new Layout.Slice(at, total, name(at, "dtb"));
    }

    /** Version 4, a block size that is a power of two between 4 KiB and 1 MiB and agrees with block_log. */
    private static Layout.Piece squashfs(ByteSource src, long at, long room) throws IOException {
        if (room < 96) {
            return null;
        }
        ByteBuffer sb = src.read(at, 96);
        int blockSize = sb.getInt(12);
        int blockLog = sb.getShort(22) & 0xffff;
        int major = sb.getShort(28) & 0xffff;
        long bytesUsed = sb.getLong(40);
        if (major != 4 || blockSize < 4096 || blockSize > (1 << 20) || Integer.bitCount(blockSize) != 1
                || (1 << blockLog) != blockSize || bytesUsed < 96 || bytesUsed > room) {
            return null;
        }
        return new Layout.Slice(at, bytesUsed, name(at, "squashfs"));
    }

    /** Superblock at +1024: a sane block size and a block count that fits. */
    private static Layout.Piece ext(ByteSource src, long at, long room) throws IOException {
        if (at % 512 != 0 || room < 2048) {
            return null;
        }
        ByteBuffer sb = src.read(at + 1024, 1024);
        if ((sb.getShort(56) & 0xffff) != 0xef53) {
            return null;
        }
        long inodes = Integer.toUnsignedLong(sb.getInt(0));
        long blocks = Integer.toUnsignedLong(sb.getInt(4));
        int logBlock = sb.getInt(24);
        long perGroup = Integer.toUnsignedLong(sb.getInt(32));
        if (logBlock < 0 || logBlock > 6 || inodes == 0 || blocks == 0 || perGroup == 0) {
            return null;
        }
        long size = blocks * (1024L << logBlock);
        return size <= room ? new Layout.Slice(at, size, name(at, "ext")) : null;
    }

    /** cramfs: size at +4 and the signature "Compressed ROMFS" at +16. */
    private static Layout.Piece cramfs(ByteSource src, long at, long room) throws IOException {
        if (room < 64) {
            return null;
        }
        ByteBuffer h = src.read(at, 64);
        long size = Integer.toUnsignedLong(h.getInt(4));
        byte[] sig = new byte[16];
        h.get(16, sig);
        if (!new String(sig, java.nio.charset.StandardCharsets.ISO_8859_1).equals("Compressed ROMFS") || size < 64 || size > room) {
            return null;
        }
        return new Layout.Slice(at, size, name(at, "cramfs"));
    }

    /**
     * A U-Boot environment block: CRC32 (little-endian) over the rest of a block of one of the usual sizes, with
     * an optional redundancy flag byte; the data must open with "name=".
     */
    private static Layout.Piece ubootEnv(ByteSource src, long at, long room) throws IOException {
        ByteBuffer head = src.read(at, 64);
        if (!looksLikeEnv(head, 4) && !looksLikeEnv(head, 5)) {
            return null;
        }
        long stored = Integer.toUnsignedLong(head.order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        for (int size : ENV_SIZES) {
            if (size > room) {
                break;
            }
            ByteBuffer block = src.read(at, size);
            for (int start : new int[] {4, 5}) {
                CRC32 crc = new CRC32();
                crc.update(block.duplicate().position(start));
                if (crc.getValue() == stored) {
                    return new Layout.Slice(at, size, name(at, "ubootenv"));
                }
            }
        }
        return null;
    }

    /** "name=" of printable characters at {@code i}. */
    private static boolean looksLikeEnv(ByteBuffer w, int i) {
        int n = 0;
        for (int k = i; k < w.limit() && n < 64; k++, n++) {
            int c = w.get(k) & 0xff;
            if (c == '=') {
                return n > 0;
            }
            boolean nameChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
            if (!nameChar) {
                return false;
            }
        }
        return false;
    }

    /** A gzip member (RFC 1952): header, deflate data inflated to its end, 8-byte trailer. Returns 0 if it is not one. */
    static long gzipLength(ByteSource src, long at, long room) throws IOException {
        if (room < 18) {
            return 0;
        }
        ByteBuffer h = src.read(at, (int) Math.min(room, 65536 + 1024));
        int flags = h.get(3) & 0xff;
        if ((flags & 0xe0) != 0) {
            return 0;
        }
        int p = 10;
        try {
            if ((flags & 4) != 0) {
                p += 2 + ((h.get(p) & 0xff) | (h.get(p + 1) & 0xff) << 8);
            }
            if ((flags & 8) != 0) {
                while (h.get(p++) != 0) {
                    // file name
                }
            }
            if ((flags & 16) != 0) {
                while (h.get(p++) != 0) {
                    // comment
                }
            }
            if ((flags & 2) != 0) {
                p += 2;
            }
        } catch (IndexOutOfBoundsException e) {
            return 0;
        }
        Inflater inf = new Inflater(true);
        try {
            byte[] sink = new byte[65536];
            long pos = at + p;
            long end = at + room;
            while (!inf.finished()) {
                if (inf.needsInput()) {
                    if (pos >= end) {
                        return 0;
                    }
                    ByteBuffer chunk = src.read(pos, (int) Math.min(WINDOW, end - pos));
                    byte[] in = new byte[chunk.remaining()];
                    chunk.get(in);
                    inf.setInput(in);
                    pos += in.length;
                }
                if (inf.inflate(sink) == 0 && (inf.needsDictionary() || inf.needsInput() && pos >= end)) {
                    return 0;
                }
            }
            long consumedEnd = pos - inf.getRemaining();
            long total = consumedEnd + 8 - at;
            return total <= room ? total : 0;
        } catch (DataFormatException e) {
            return 0;
        } finally {
            inf.end();
        }
    }
}
