package dev.medsec.unpack;

import java.nio.ByteBuffer;

/**
 * The Linux kernel's crc32_le(seed, data) without the pre- and post-inversion of the standard CRC-32 (which
 * java.util.zip.CRC32 computes): JFFS2 seeds it with 0, UBI with 0xFFFFFFFF and leaves the result uninverted.
 * A checksum of the formats, not a security measure.
 */
final class Crc32Raw {
    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private Crc32Raw() {
    }

    static int of(int seed, ByteBuffer b, int from, int to) {
        int c = seed;
        for (int i = from; i < to; i++) {
            c = TABLE[(c ^ b.get(i)) & 0xff] ^ (c >>> 8);
        }
        return c;
    }
}
