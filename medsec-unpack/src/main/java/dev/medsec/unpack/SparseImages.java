package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Android sparse images (AOSP libsparse's sparse_format.h, as img2simg writes them): a 28-byte header, then
 * raw, fill, don't-care and CRC chunks. The member is the image they describe, expanded as a stream under the
 * sandbox's byte budget; its declared size is checked against the budget before anything is written.
 */
final class SparseImages {
    private static final int RAW = 0xcac1;
    private static final int FILL = 0xcac2;
    private static final int DONT_CARE = 0xcac3;
    private static final int CRC = 0xcac4;

    private SparseImages() {
    }

    static void unsparse(Artifact image, LayerWriter out, Sandbox sandbox) throws IOException {
        try (ByteSource src = ByteSource.of(image)) {
            ByteBuffer h = src.readFully(0, 28, "sparse image header");
            int major = h.getShort(4) & 0xffff;
            int fileHeader = h.getShort(8) & 0xffff;
            int chunkHeader = h.getShort(10) & 0xffff;
            long blockSize = Integer.toUnsignedLong(h.getInt(12));
            long blocks = Integer.toUnsignedLong(h.getInt(16));
            long chunks = Integer.toUnsignedLong(h.getInt(20));
            if (major != 1 || fileHeader < 28 || chunkHeader < 12 || blockSize == 0 || blockSize % 4 != 0 || blockSize > (1 << 24)) {
                throw new MalformedLayoutException("sparse image: unsupported header (version " + major + ", block size " + blockSize + ")");
            }
            long total = blocks * blockSize;
            if (total > sandbox.remainingBytes()) {
                throw new LimitExceededException("sparse image expands to " + total + " bytes, more than the remaining byte budget");
            }
            String name = memberName(image.fileName());
            out.file("/" + name, FileMeta.of(EntryKind.FILE),
                    new Expanded(src, fileHeader, chunkHeader, blockSize, chunks, total), RatioGuard.none());
        }
    }

    static String memberName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".simg", ".sparse", ".img"}) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return fileName.substring(0, fileName.length() - suffix.length()) + ".raw";
            }
        }
        return fileName + ".raw";
    }

    /** The expanded image as a stream: chunk by chunk, never more than one read buffer in memory. */
    private static final class Expanded extends BlockInputStream {
        private final ByteSource src;
        private final int chunkHeader;
        private final long blockSize;
        private final long chunks;
        private final long total;
        private long pos;
        private long chunk;
        private long produced;
        private int type;
        private long left;
        private byte[] fill;

        Expanded(ByteSource src, int fileHeader, int chunkHeader, long blockSize, long chunks, long total) {
            this.src = src;
            this.chunkHeader = chunkHeader;
            this.blockSize = blockSize;
            this.chunks = chunks;
            this.total = total;
            this.pos = fileHeader;
        }

        private boolean nextChunk() throws IOException {
            while (left == 0) {
                if (chunk >= chunks) {
                    if (produced != total) {
                        throw new MalformedLayoutException("sparse image: chunks describe " + produced + " bytes, header says " + total);
                    }
                    return false;
                }
                ByteBuffer c = src.readFully(pos, chunkHeader, "sparse chunk header " + chunk);
                type = c.getShort(0) & 0xffff;
                long outBytes = Integer.toUnsignedLong(c.getInt(4)) * blockSize;
                long inBytes = Integer.toUnsignedLong(c.getInt(8));
                long payload = inBytes - chunkHeader;
                if (payload < 0 || produced + outBytes > total) {
                    throw new MalformedLayoutException("sparse chunk " + chunk + " is larger than the image it belongs to");
                }
                switch (type) {
                    case RAW -> {
                        if (payload != outBytes) {
                            throw new MalformedLayoutException("sparse raw chunk " + chunk + " carries " + payload + " bytes for " + outBytes);
                        }
                    }
                    case FILL -> {
                        ByteBuffer f = src.readFully(pos + chunkHeader, 4, "sparse fill value");
                        fill = new byte[4];
                        f.get(fill);
                    }
                    case DONT_CARE, CRC -> {
                        // zeros; a CRC chunk describes no output
                    }
                    default -> throw new MalformedLayoutException("sparse chunk " + chunk + " has unknown type 0x" + Integer.toHexString(type));
                }
                left = type == CRC ? 0 : outBytes;
                if (type != RAW) {
                    pos += inBytes;
                } else {
                    pos += chunkHeader;
                }
                chunk++;
            }
            return true;
        }

        @Override
        protected Block next() throws IOException {
            if (!nextChunk()) {
                return null;
            }
            int n = (int) Math.min(left, 1 << 20);
            byte[] b = new byte[n];
            switch (type) {
                case RAW -> {
                    src.readFully(pos, n, "sparse raw data").get(b);
                    pos += n;
                }
                case FILL -> {
                    for (int i = 0; i < n; i++) {
                        b[i] = fill[(int) ((produced + i) & 3)];
                    }
                }
                default -> {
                    // zeros
                }
            }
            left -= n;
            produced += n;
            return Block.of(b);
        }
    }
}
