package dev.medsec.secureboot.verity;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file mapped in windows of {@value #WINDOW} bytes, so files beyond 2 GiB work; reads are
 * positional and safe from several threads at once.
 */
final class MappedFile implements AutoCloseable {
    static final int WINDOW = 1 << 30;

    private final FileChannel ch;
    private final long size;
    private final MappedByteBuffer[] windows;

    MappedFile(Path file) throws IOException {
        this.ch = FileChannel.open(file, StandardOpenOption.READ);
        this.size = ch.size();
        int n = (int) ((size + WINDOW - 1) / WINDOW);
        this.windows = new MappedByteBuffer[n];
        for (int i = 0; i < n; i++) {
            long start = (long) i * WINDOW;
            windows[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, Math.min(WINDOW, size - start));
        }
    }

    long size() {
        return size;
    }

    /** Copies {@code len} bytes at {@code pos} into {@code dst}; the caller has checked the range. */
    void read(long pos, byte[] dst, int off, int len) {
        while (len > 0) {
            int w = (int) (pos / WINDOW);
            int in = (int) (pos % WINDOW);
            int n = Math.min(len, WINDOW - in);
            windows[w].get(in, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
