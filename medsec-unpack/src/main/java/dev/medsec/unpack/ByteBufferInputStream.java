package dev.medsec.unpack;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * An input stream over a buffer view of content already in memory (or mapped), with mark and reset: the
 * decompressors read a small compressed file from the bytes its classification already loaded, instead of
 * opening the file a second time.
 */
final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buf;
    private int mark;

    ByteBufferInputStream(ByteBuffer buf) {
        this.buf = buf.duplicate();
        this.mark = this.buf.position();
    }

    @Override
    public int read() {
        return buf.hasRemaining() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!buf.hasRemaining()) {
            return -1;
        }
        int n = Math.min(len, buf.remaining());
        buf.get(b, off, n);
        return n;
    }

    @Override
    public long skip(long n) {
        int k = (int) Math.max(0, Math.min(n, buf.remaining()));
        buf.position(buf.position() + k);
        return k;
    }

    @Override
    public int available() {
        return buf.remaining();
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public synchronized void mark(int readLimit) {
        mark = buf.position();
    }

    @Override
    public synchronized void reset() {
        buf.position(mark);
    }
}
