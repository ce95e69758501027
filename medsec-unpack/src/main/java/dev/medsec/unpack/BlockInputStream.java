package dev.medsec.unpack;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream made of blocks that a reader decodes one at a time (a cramfs page, a UBI erase block, a UBIFS data
 * node, a sparse-image chunk): only the current block is in memory.
 */
abstract class BlockInputStream extends InputStream {
    private byte[] block = new byte[0];
    private int pos;
    private int limit;

    /**
     * The next block; its first {@code length} bytes are served. Null at the end of the stream.
     */
    protected abstract Block next() throws IOException;

    /** {@code length} bytes of {@code bytes} from 0. */
    record Block(byte[] bytes, int length) {
        static Block of(byte[] bytes) {
            return new Block(bytes, bytes.length);
        }
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= limit) {
            Block next = next();
            if (next == null) {
                return -1;
            }
            block = next.bytes();
            limit = next.length();
            pos = 0;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(block, pos, b, off, n);
        pos += n;
        return n;
    }
}
