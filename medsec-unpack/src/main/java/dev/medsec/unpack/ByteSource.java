package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;

/**
 * Random access to an artifact's bytes by positional reads, for readers of layouts (partition tables, flash dumps)
 * whose containers may be larger than one mapping and mostly holes: memory stays bounded by what a reader asks
 * for, never by the size of the image.
 */
final class ByteSource implements Closeable {
    /** The largest single read a reader may ask for. */
    static final int MAX_READ = 16 << 20;

    private final FileChannel channel;
    private final long base;
    private final ByteBuffer memory;
    private final long size;

    private ByteSource(FileChannel channel, long base, ByteBuffer memory, long size) {
        this.channel = channel;
        this.base = base;
        this.memory = memory;
        this.size = size;
    }

    static ByteSource of(Artifact a) throws IOException {
        var region = a.hostRegion();
        if (region.isPresent()) {
            FileChannel ch = FileChannel.open(region.get().file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            long available = Math.max(0, Math.min(region.get().length(), ch.size() - region.get().offset()));
            return new ByteSource(ch, region.get().offset(), null, available);
        }
        ByteBuffer b = a.bytes();
        return new ByteSource(null, 0, b, b.remaining());
    }

    /** Over bytes in memory (tests, fuzzing, small decoded members). */
    static ByteSource of(ByteBuffer bytes) {
        return new ByteSource(null, 0, bytes.slice(), bytes.remaining());
    }

    long size() {
        return size;
    }

    /**
     * Up to {@code length} bytes from {@code offset} (fewer at the end of the source), little-endian by default.
     *
     * @throws MalformedLayoutException when the offset lies outside the source or the read is larger than {@link #MAX_READ}
     */
    ByteBuffer read(long offset, int length) throws IOException {
        if (offset < 0 || offset > size || length < 0 || length > MAX_READ) {
            throw new MalformedLayoutException("read of " + length + " bytes at " + offset + " outside a source of " + size + " bytes");
        }
        int n = (int) Math.min(length, size - offset);
        if (memory != null) {
            return memory.duplicate().position((int) offset).limit((int) offset + n).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer out = ByteBuffer.allocate(n);
        long at = base + offset;
        while (out.hasRemaining()) {
            int r = channel.read(out, at);
            if (r < 0) {
                break;
            }
            at += r;
        }
        out.flip();
        return out.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The region [offset, offset + length) as one buffer without a heap copy (memory-mapped when file-backed),
     * for parsers that need a whole structure at once (a FIT blob with its embedded payloads).
     */
    ByteBuffer map(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset || length > Integer.MAX_VALUE - 16) {
            throw new MalformedLayoutException("region of " + length + " bytes at " + offset + " outside a source of " + size + " bytes");
        }
        if (memory != null) {
            return memory.duplicate().position((int) offset).limit((int) (offset + length)).slice();
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, base + offset, length);
    }

    /**
     * Like {@link #read} into a buffer the caller reuses (a scan over GiBs of padding must not allocate a MiB per
     * step): clears {@code into}, fills up to its capacity, flips it and returns it.
     */
    ByteBuffer readInto(long offset, ByteBuffer into) throws IOException {
        if (offset < 0 || offset > size) {
            throw new MalformedLayoutException("read at " + offset + " outside a source of " + size + " bytes");
        }
        into.clear();
        into.limit((int) Math.min(into.capacity(), size - offset));
        if (memory != null) {
            into.put(memory.duplicate().position((int) offset).limit((int) offset + into.remaining()));
        } else {
            long at = base + offset;
            while (into.hasRemaining()) {
                int r = channel.read(into, at);
                if (r < 0) {
                    break;
                }
                at += r;
            }
        }
        into.flip();
        return into.order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Exactly {@code length} bytes from {@code offset}, or an error naming what was being read. */
    ByteBuffer readFully(long offset, int length, String what) throws IOException {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new MalformedLayoutException(what + " at offset " + offset + " (" + length + " bytes) lies beyond the end ("
                    + size + " bytes)");
        }
        return read(offset, length);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
