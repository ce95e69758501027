package dev.medsec.secureboot.modsig;

import com.github.luben.zstd.ZstdInputStream;
import dev.medsec.formats.MalformedFormatException;
import org.tukaani.xz.SingleXZInputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * Gives the bytes of a kernel module, decompressing .ko.xz, .ko.zst and .ko.gz by magic. Decompression is
 * bounded: modules larger than {@value #MAX_MODULE} bytes are refused instead of exhausting memory.
 */
public final class KernelModules {
    public static final int MAX_MODULE = 256 * 1024 * 1024;
    private static final int XZ_MEMORY_LIMIT_KIB = 64 * 1024;

    private KernelModules() {
    }

    public enum Compression { NONE, XZ, ZSTD, GZIP }

    public static Compression compression(ByteBuffer b) {
        int p = b.position();
        if (b.remaining() >= 6 && (b.get(p) & 0xff) == 0xfd && b.get(p + 1) == '7' && b.get(p + 2) == 'z'
                && b.get(p + 3) == 'X' && b.get(p + 4) == 'Z' && b.get(p + 5) == 0) {
            return Compression.XZ;
        }
        if (b.remaining() >= 4 && (b.get(p) & 0xff) == 0x28 && (b.get(p + 1) & 0xff) == 0xb5
                && (b.get(p + 2) & 0xff) == 0x2f && (b.get(p + 3) & 0xff) == 0xfd) {
            return Compression.ZSTD;
        }
        if (b.remaining() >= 2 && (b.get(p) & 0xff) == 0x1f && (b.get(p + 1) & 0xff) == 0x8b) {
            return Compression.GZIP;
        }
        return Compression.NONE;
    }

    /** The module bytes, decompressed if needed. */
    public static ByteBuffer content(ByteBuffer raw) throws MalformedFormatException {
        Compression c = compression(raw);
        if (c == Compression.NONE) {
            return raw.slice();
        }
        try (InputStream in = open(c, new ByteBufferInputStream(raw.slice()))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[65536];
            int r;
            while ((r = in.read(chunk)) > 0) {
                if (out.size() + (long) r > MAX_MODULE) {
                    throw new MalformedFormatException("module: decompresses to more than " + MAX_MODULE + " bytes");
                }
                out.write(chunk, 0, r);
            }
            return ByteBuffer.wrap(out.toByteArray()).asReadOnlyBuffer();
        } catch (MalformedFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new MalformedFormatException("module: corrupt " + c + " stream: " + e.getMessage(), e);
        }
    }

    private static InputStream open(Compression c, InputStream in) throws IOException {
        switch (c) {
            case XZ:
                // One stream only: a kernel payload is followed by its 4-byte uncompressed size, not by padding.
                return new SingleXZInputStream(in, XZ_MEMORY_LIMIT_KIB);
            case ZSTD:
                return new ZstdInputStream(in);
            case GZIP:
                return new GZIPInputStream(in);
            default:
                return in;
        }
    }

    /** Reads a ByteBuffer as a stream without copying it. */
    static final class ByteBufferInputStream extends InputStream {
        private final ByteBuffer b;

        ByteBufferInputStream(ByteBuffer b) {
            this.b = b;
        }

        @Override
        public int read() {
            return b.hasRemaining() ? b.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] dst, int off, int len) {
            if (!b.hasRemaining()) {
                return -1;
            }
            int n = Math.min(len, b.remaining());
            b.get(dst, off, n);
            return n;
        }
    }
}
