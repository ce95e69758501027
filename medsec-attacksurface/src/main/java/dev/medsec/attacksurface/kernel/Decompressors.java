package dev.medsec.attacksurface.kernel;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.SingleXZInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds and opens the compressed payloads a kernel image carries (bzImage, zImage, Image.gz, uImage): gzip, xz,
 * zstd, lzma and bzip2 streams located by their magic bytes. Every stream is wrapped in a byte budget so a
 * decompression bomb stops at the limit. (LZ4 legacy and LZO kernels are not supported: no well-kept Java
 * decoder reads those framings.)
 */
final class Decompressors {
    /** How a payload is compressed. */
    enum Format { GZIP, XZ, ZSTD, LZMA, BZIP2 }

    /** A candidate stream: its format and offset in the file. */
    record Candidate(Format format, int offset) {
    }

    private static final int LZMA_MEMORY_LIMIT_KIB = 256 * 1024;

    private Decompressors() {
    }

    /** Offsets of plausible compressed streams, in file order, at most {@code max}. */
    static List<Candidate> candidates(ByteBuffer b, int max) {
        List<Candidate> out = new ArrayList<>();
        int n = b.limit();
        for (int i = 0; i + 6 <= n && out.size() < max; i++) {
            int c0 = b.get(i) & 0xff;
            Optional<Format> f = Optional.empty();
            if (c0 == 0x1f && (b.get(i + 1) & 0xff) == 0x8b && b.get(i + 2) == 8 && (b.get(i + 3) & 0xe0) == 0) {
                f = Optional.of(Format.GZIP);
            } else if (c0 == 0xfd && b.get(i + 1) == '7' && b.get(i + 2) == 'z' && b.get(i + 3) == 'X'
                    && b.get(i + 4) == 'Z' && b.get(i + 5) == 0) {
                f = Optional.of(Format.XZ);
            } else if (c0 == 0x28 && (b.get(i + 1) & 0xff) == 0xb5 && b.get(i + 2) == 0x2f
                    && (b.get(i + 3) & 0xff) == 0xfd) {
                f = Optional.of(Format.ZSTD);
            } else if (c0 == 0x5d && b.get(i + 1) == 0 && b.get(i + 2) == 0 && i + 13 <= n
                    && isLzmaHeader(b, i)) {
                f = Optional.of(Format.LZMA);
            } else if (c0 == 'B' && b.get(i + 1) == 'Z' && b.get(i + 2) == 'h' && b.get(i + 3) >= '1'
                    && b.get(i + 3) <= '9' && i + 10 <= n && b.get(i + 4) == 0x31 && b.get(i + 5) == 0x41) {
                f = Optional.of(Format.BZIP2);
            }
            if (f.isPresent()) {
                out.add(new Candidate(f.get(), i));
            }
        }
        return out;
    }

    /** The kernel writes lzma with a power-of-two dictionary and an unknown (all ones) or plausible size. */
    private static boolean isLzmaHeader(ByteBuffer b, int i) {
        int dict = (b.get(i + 1) & 0xff) | (b.get(i + 2) & 0xff) << 8 | (b.get(i + 3) & 0xff) << 16
                | (b.get(i + 4) & 0xff) << 24;
        if (dict <= 0 || Integer.bitCount(dict) != 1) {
            return false;
        }
        long size = 0;
        for (int k = 7; k >= 0; k--) {
            size = size << 8 | (b.get(i + 5 + k) & 0xff);
        }
        return size == -1L || (size > 0 && size < (1L << 32));
    }

    /** Opens the decompressed stream at the candidate, limited to {@code maxBytes} of output. */
    static InputStream open(ByteBuffer b, Candidate c, long maxBytes) throws IOException {
        ByteBuffer slice = b.duplicate();
        slice.position(c.offset());
        InputStream raw = new ByteBufferInputStream(slice.slice());
        InputStream in = switch (c.format()) {
            case GZIP -> new GZIPInputStream(raw, 64 * 1024);
            case XZ -> new SingleXZInputStream(raw);
            case ZSTD -> new ZstdCompressorInputStream(raw);
            case LZMA -> new LZMAInputStream(raw, LZMA_MEMORY_LIMIT_KIB);
            case BZIP2 -> new BZip2CompressorInputStream(raw);
        };
        return new LimitedInputStream(in, maxBytes);
    }

    /** Opens a whole file of the given format (config.gz, config.xz). */
    static InputStream open(ByteBuffer b, Format f, long maxBytes) throws IOException {
        return open(b, new Candidate(f, 0), maxBytes);
    }

    /** Reads a ByteBuffer as a stream without copying it. */
    static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer buf;

        ByteBufferInputStream(ByteBuffer buf) {
            this.buf = buf;
        }

        @Override
        public int read() {
            return buf.hasRemaining() ? buf.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!buf.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, buf.remaining());
            buf.get(dst, off, n);
            return n;
        }

        @Override
        public int available() {
            return buf.remaining();
        }
    }

    /** Ends the stream with an exception once {@code max} bytes were produced. */
    static final class LimitedInputStream extends InputStream {
        private final InputStream in;
        private long left;
        private final long max;

        LimitedInputStream(InputStream in, long max) {
            this.in = in;
            this.left = max;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("decompressed size exceeds the limit of " + max + " bytes");
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
