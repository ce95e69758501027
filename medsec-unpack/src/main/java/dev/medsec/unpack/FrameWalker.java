package dev.medsec.unpack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Exact lengths of streams and flash structures, found by walking their own framing without decoding the data:
 * zstd frames, LZ4 frames, xz streams (footer), newc cpio archives (to the trailer), UBI erase blocks and JFFS2
 * node chains. Each returns 0 when the bytes at {@code at} are not a well-formed instance.
 */
final class FrameWalker {
    /** Structures with more parts than this are not carved whole (a hostile chain must not take unbounded time). */
    private static final int MAX_PARTS = 1_000_000;

    private FrameWalker() {
    }

    /** RFC 8878: frame header, blocks up to the last one, optional content checksum. */
    static long zstd(ByteSource src, long at, long limit) throws IOException {
        ByteBuffer h = src.read(at, 18);
        if (h.remaining() < 6) {
            return 0;
        }
        int fhd = h.get(4) & 0xff;
        if ((fhd & 0x08) != 0) {
            return 0; // reserved bit
        }
        int fcsFlag = fhd >>> 6;
        boolean single = (fhd & 0x20) != 0;
        int dictFlag = fhd & 3;
        int fcsSize = fcsFlag == 0 ? (single ? 1 : 0) : 1 << fcsFlag;
        int dictSize = dictFlag == 0 ? 0 : 1 << (dictFlag - 1);
        long pos = at + 5 + (single ? 0 : 1) + dictSize + fcsSize;
        for (int blocks = 0; blocks < MAX_PARTS; blocks++) {
            if (pos + 3 > limit) {
                return 0;
            }
            ByteBuffer b = src.read(pos, 3);
            int bh = (b.get(0) & 0xff) | (b.get(1) & 0xff) << 8 | (b.get(2) & 0xff) << 16;
            boolean last = (bh & 1) != 0;
            int type = (bh >>> 1) & 3;
            long size = bh >>> 3;
            if (type == 3 || size > (128 << 10)) {
                return 0;
            }
            pos += 3 + (type == 1 ? 1 : size);
            if (last) {
                pos += (fhd & 0x04) != 0 ? 4 : 0;
                return pos <= limit ? pos - at : 0;
            }
        }
        return 0;
    }

    /** LZ4 frame format: descriptor, blocks up to the zero end mark, optional checksums. */
    static long lz4(ByteSource src, long at, long limit) throws IOException {
        ByteBuffer h = src.read(at, 15);
        if (h.remaining() < 7) {
            return 0;
        }
        int flg = h.get(4) & 0xff;
        if ((flg >>> 6) != 1) {
            return 0; // version 01
        }
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        boolean dictId = (flg & 0x01) != 0;
        long pos = at + 4 + 2 + (contentSize ? 8 : 0) + (dictId ? 4 : 0) + 1;
        for (int blocks = 0; blocks < MAX_PARTS; blocks++) {
            if (pos + 4 > limit) {
                return 0;
            }
            long size = Integer.toUnsignedLong(src.read(pos, 4).getInt(0));
            pos += 4;
            if (size == 0) {
                pos += contentChecksum ? 4 : 0;
                return pos <= limit ? pos - at : 0;
            }
            size &= 0x7fffffffL;
            if (size > (4 << 20)) {
                return 0;
            }
            pos += size + (blockChecksum ? 4 : 0);
        }
        return 0;
    }

    /** xz (.xz file format 1.0.4): stream header CRC, then the footer at a 4-byte boundary whose flags and CRC agree. */
    static long xz(ByteSource src, long at, long limit) throws IOException {
        ByteBuffer h = src.read(at, 12);
        if (h.remaining() < 12 || h.get(4) != 0x5a || h.get(5) != 0) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(h.duplicate().position(6).limit(8));
        if (crc.getValue() != Integer.toUnsignedLong(h.getInt(8))) {
            return 0;
        }
        byte f0 = h.get(6);
        byte f1 = h.get(7);
        // The footer ends the stream: "YZ" after the flags, with CRC32 over backward size and flags.
        long pos = at + 24;
        while (pos + 12 <= limit) {
            ByteBuffer w = src.read(pos, (int) Math.min(1 << 20, limit - pos));
            for (int i = 0; i + 12 <= w.remaining(); i += 4) {
                if (w.get(i + 10) == 'Y' && w.get(i + 11) == 'Z' && w.get(i + 8) == f0 && w.get(i + 9) == f1) {
                    CRC32 fc = new CRC32();
                    fc.update(w.duplicate().position(i + 4).limit(i + 10));
                    if (fc.getValue() == Integer.toUnsignedLong(w.getInt(i))) {
                        return pos + i + 12 - at;
                    }
                }
            }
            pos += Math.max(4, (w.remaining() - 11) & ~3);
        }
        return 0;
    }

    /** newc / crc cpio: headers walked to "TRAILER!!!", then padded to a 512-byte boundary as cpio writes it. */
    static long cpio(ByteSource src, long at, long limit) throws IOException {
        long pos = at;
        for (int entries = 0; entries < MAX_PARTS; entries++) {
            if (pos + 110 > limit) {
                return 0;
            }
            ByteBuffer h = src.read(pos, 110);
            if (!(magic(h, "070701") || magic(h, "070702"))) {
                return 0;
            }
            long fileSize = hex(h, 54);
            long nameSize = hex(h, 94);
            if (fileSize < 0 || nameSize <= 0 || nameSize > 4096) {
                return 0;
            }
            long nameEnd = pos + 110 + nameSize;
            if (nameEnd > limit) {
                return 0;
            }
            ByteBuffer name = src.read(pos + 110, (int) nameSize);
            boolean trailer = nameSize == 11 && ascii(name, 10).equals("TRAILER!!!");
            pos = align4(nameEnd);
            pos = align4(pos + fileSize);
            if (pos > limit) {
                return 0;
            }
            if (trailer) {
                long padded = Math.min(limit, (pos - at + 511) / 512 * 512 + at);
                return zerosUpTo(src, pos, padded) - at;
            }
        }
        return 0;
    }

    private static long zerosUpTo(ByteSource src, long from, long to) throws IOException {
        ByteBuffer b = src.read(from, (int) (to - from));
        int i = 0;
        while (i < b.remaining() && b.get(i) == 0) {
            i++;
        }
        return from + i;
    }

    /** Consecutive UBI erase blocks: "UBI#" EC headers at a fixed stride (the PEB size, from the second header). */
    static long ubi(ByteSource src, long at, long limit) throws IOException {
        long stride = 0;
        for (long s = 512; s <= (1 << 21) && at + s + 4 <= limit; s <<= 1) {
            if (src.read(at + s, 4).order(ByteOrder.BIG_ENDIAN).getInt(0) == 0x55424923) {
                stride = s;
                break;
            }
        }
        if (stride == 0) {
            return 0;
        }
        long pos = at;
        int n = 0;
        while (pos + stride <= limit && n < MAX_PARTS && src.read(pos, 4).order(ByteOrder.BIG_ENDIAN).getInt(0) == 0x55424923) {
            pos += stride;
            n++;
        }
        return n >= 2 ? pos - at : 0;
    }

    /** A chain of JFFS2 nodes (magic, node type, total length), 4-byte aligned, with 0xFF padding between them. */
    static long jffs2(ByteSource src, long at, long limit) throws IOException {
        ByteBuffer first = src.read(at, 12);
        if (first.remaining() < 12) {
            return 0;
        }
        ByteOrder order = (first.get(0) & 0xff) == 0x85 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        long pos = at;
        long end = at;
        int nodes = 0;
        while (pos + 12 <= limit && nodes < MAX_PARTS) {
            ByteBuffer h = src.read(pos, 12).order(order);
            int magic = h.getShort(0) & 0xffff;
            if (magic == 0xffff && h.getInt(0) == -1) {
                pos += 4; // erased space between nodes
                continue;
            }
            int type = h.getShort(2) & 0xffff;
            long len = Integer.toUnsignedLong(h.getInt(4));
            if (magic != 0x1985 || (type & 0x0fff) == 0 || len < 12 || pos + len > limit) {
                break;
            }
            pos = (pos + len + 3) & ~3L;
            end = pos;
            nodes++;
        }
        return nodes >= 2 ? end - at : 0;
    }

    private static boolean magic(ByteBuffer h, String m) {
        for (int i = 0; i < m.length(); i++) {
            if (h.get(i) != m.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long hex(ByteBuffer h, int off) {
        long v = 0;
        for (int i = off; i < off + 8; i++) {
            int d = Character.digit(h.get(i), 16);
            if (d < 0) {
                return -1;
            }
            v = v << 4 | d;
        }
        return v;
    }

    private static String ascii(ByteBuffer b, int n) {
        byte[] x = new byte[Math.min(n, b.remaining())];
        b.duplicate().get(x);
        return new String(x, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static long align4(long v) {
        return (v + 3) & ~3L;
    }
}
