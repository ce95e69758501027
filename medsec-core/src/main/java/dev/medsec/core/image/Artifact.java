package dev.medsec.core.image;

import dev.medsec.core.classify.Classification;
import dev.medsec.core.classify.Classifier;
import dev.medsec.core.classify.FileType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One entry of the image: its image path, the metadata the image declares, and (for regular files) read-only
 * access to its bytes. Content lives in a host file that is either inside the scanned directory or inside the
 * scan's private work directory; it is never written through this class.
 *
 * <p>Thread-safe: checks run in parallel and share the cached classification and parsed views.
 */
public final class Artifact {
    /** Files up to this size are read onto the heap; larger ones are memory-mapped. */
    private static final int HEAP_READ_LIMIT = 64 * 1024;
    private static final int HEAD_SIZE = 8192;

    private final String layer;
    private final String innerPath;
    private final String path;
    private final FileMeta meta;
    private final Path content;
    /** Where the content starts in {@link #content}: 0 for a whole file, the region's start for a slice. */
    private final long offset;
    /** Content is a region of {@link #content}, not the whole file. */
    private final boolean sliced;
    private final byte[] memory;
    private final long size;
    private final ConcurrentHashMap<ViewKey<?>, Object> views = new ConcurrentHashMap<>();
    private volatile Classification classification;
    private volatile ByteBuffer mapped;
    private volatile String sha256;

    private Artifact(String layer, String innerPath, FileMeta meta, Path content, byte[] memory, long size) {
        this(layer, innerPath, meta, content, 0, false, memory, size);
    }

    private Artifact(String layer, String innerPath, FileMeta meta, Path content, long offset, boolean sliced, byte[] memory, long size) {
        this.layer = Objects.requireNonNull(layer);
        this.innerPath = Objects.requireNonNull(innerPath);
        this.path = ImagePaths.join(layer, innerPath);
        this.meta = Objects.requireNonNull(meta);
        this.content = content;
        this.offset = offset;
        this.sliced = sliced;
        this.memory = memory;
        this.size = size;
    }

    /**
     * A region of {@code parent}'s content seen as a file of its own (a partition of a disk image, a structure
     * carved out of a flash dump): nothing is copied, the bytes are read from the parent's host file (or memory)
     * where they are.
     *
     * @throws IllegalArgumentException when the region does not lie inside the parent's content
     */
    public static Artifact slice(Artifact parent, String layer, String innerPath, FileMeta meta, long start, long length) {
        if (start < 0 || length < 0 || start > parent.size || length > parent.size - start) {
            throw new IllegalArgumentException("region " + start + "+" + length + " outside a file of " + parent.size + " bytes");
        }
        if (parent.memory != null) {
            byte[] part = java.util.Arrays.copyOfRange(parent.memory, (int) start, (int) (start + length));
            return new Artifact(layer, innerPath, meta, null, 0, false, part, length);
        }
        if (parent.content == null) {
            throw new IllegalArgumentException("an entry without content has no regions");
        }
        return new Artifact(layer, innerPath, meta, parent.content, parent.offset + start, true, null, length);
    }

    /** A regular file whose bytes are in {@code hostFile} (which must be a regular file, not a link). */
    public static Artifact ofFile(String layer, String innerPath, FileMeta meta, Path hostFile) throws IOException {
        // One lstat: the file must be a regular file itself (never followed through a link).
        java.nio.file.attribute.BasicFileAttributes attrs =
                Files.readAttributes(hostFile, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new IOException("not a regular file: " + hostFile.getFileName());
        }
        return new Artifact(layer, innerPath, meta, hostFile, null, attrs.size());
    }

    /**
     * Like {@link #ofFile} for a caller that has just read the file's metadata without following links (a
     * directory walk) and found a regular file of {@code size} bytes: no second lstat per file.
     */
    public static Artifact ofRegularFile(String layer, String innerPath, FileMeta meta, Path hostFile, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        return new Artifact(layer, innerPath, meta, hostFile, null, size);
    }

    /**
     * A small regular file held in memory (a decompressed member not worth a file on disk). Such an artifact
     * has no {@link #contentFile()}; consumers that need a path must spill {@link #bytes()} themselves.
     */
    public static Artifact ofBytes(String layer, String innerPath, FileMeta meta, byte[] content) {
        return ofBytes(layer, innerPath, meta, content, content.length);
    }

    /** Like {@link #ofBytes(String, String, FileMeta, byte[])} with the first {@code length} bytes of a buffer. */
    public static Artifact ofBytes(String layer, String innerPath, FileMeta meta, byte[] buffer, int length) {
        return new Artifact(layer, innerPath, meta, null, java.util.Arrays.copyOf(buffer, length), length);
    }

    /** An entry without content: directory, link, device node, fifo. */
    public static Artifact ofEntry(String layer, String innerPath, FileMeta meta) {
        return new Artifact(layer, innerPath, meta, null, null, 0);
    }

    /** The same entry seen as a hard link to {@code target}'s content (content shared, metadata its own). */
    public Artifact withContentOf(Artifact target) {
        return new Artifact(layer, innerPath, meta, target.content, target.offset, target.sliced, target.memory, target.size);
    }

    /** Full image path: '/'-rooted, archive layers joined with "!". */
    public String path() {
        return path;
    }

    /** Image path of the archive this entry came from, "" for the scanned target itself. */
    public String layer() {
        return layer;
    }

    /** Path inside its layer, '/'-rooted: "/etc/shadow" whatever archive it came from. */
    public String innerPath() {
        return innerPath;
    }

    public String fileName() {
        return ImagePaths.fileName(innerPath);
    }

    public FileMeta meta() {
        return meta;
    }

    public EntryKind kind() {
        return meta.kind();
    }

    public boolean hasContent() {
        return content != null || memory != null;
    }

    public long size() {
        return size;
    }

    /**
     * The host file holding the content, for tools and libraries that need a path (sqlite-jdbc, unsquashfs).
     * Never write to it. Empty for entries without content and for small in-memory members ({@link #ofBytes}).
     */
    public Optional<Path> contentFile() {
        return content != null && memory == null && !sliced ? Optional.of(content) : Optional.empty();
    }

    /**
     * The host file and the region of it that hold this content, for readers and tools that can start at an
     * offset (debugfs' {@code ?offset=}, unsquashfs' {@code -o}): a slice needs no copy. Empty for in-memory
     * content and entries without content.
     */
    public Optional<HostRegion> hostRegion() {
        return content == null || memory != null ? Optional.empty() : Optional.of(new HostRegion(content, offset, size));
    }

    /** A region of a host file: {@code length} bytes from {@code offset}. */
    public record HostRegion(Path file, long offset, long length) {
    }


    /** The whole content, read-only, positioned at 0. Each call returns an independent buffer view. */
    public ByteBuffer bytes() throws IOException {
        if (memory != null) {
            return ByteBuffer.wrap(memory).asReadOnlyBuffer();
        }
        if (content == null) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer();
        }
        ByteBuffer buf = mapped;
        if (buf == null) {
            buf = load();
            mapped = buf;
        }
        return buf.duplicate();
    }

    private ByteBuffer load() throws IOException {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IOException("file too large to map (" + size + " bytes); use open()");
        }
        try (FileChannel ch = FileChannel.open(content, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (sliced) {
                return loadRegion(ch);
            }
            // A small file is read whole at the size its metadata gave (no size query per file; should it have
            // shrunk since, the read stops at its end). A mapping must not reach past the end of the file, so a
            // large file's size is asked again.
            long actual = size <= HEAP_READ_LIMIT ? size : ch.size();
            if (actual <= HEAP_READ_LIMIT) {
                ByteBuffer heap = ByteBuffer.allocate((int) actual);
                while (heap.hasRemaining() && ch.read(heap) >= 0) {
                    // read until full or end of file
                }
                heap.flip();
                return heap.asReadOnlyBuffer();
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, actual);
        }
    }

    /** A slice: its region of the host file, clipped should the file have shrunk since. */
    private ByteBuffer loadRegion(FileChannel ch) throws IOException {
        long actual = Math.max(0, Math.min(size, ch.size() - offset));
        if (actual <= HEAP_READ_LIMIT) {
            ByteBuffer heap = ByteBuffer.allocate((int) actual);
            long at = offset;
            while (heap.hasRemaining()) {
                int n = ch.read(heap, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            heap.flip();
            return heap.asReadOnlyBuffer();
        }
        return ch.map(FileChannel.MapMode.READ_ONLY, offset, actual);
    }

    /** Streaming access for content too large to map or for consumers that want a stream. */
    public InputStream open() throws IOException {
        if (memory != null) {
            return new java.io.ByteArrayInputStream(memory);
        }
        if (content == null) {
            return InputStream.nullInputStream();
        }
        if (sliced) {
            FileChannel ch = FileChannel.open(content, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            ch.position(offset);
            return new BoundedInputStream(java.nio.channels.Channels.newInputStream(ch), size);
        }
        return Files.newInputStream(content, LinkOption.NOFOLLOW_LINKS);
    }

    /** Reads at most {@code limit} bytes of {@code in}: the end of a slice. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int c = super.read();
            if (c >= 0) {
                left--;
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(Math.min(n, left));
            left -= s;
            return s;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }
    }

    /**
     * Up to the first {@code limit} bytes of the content, for a file too large to map whole: classifying a
     * disk image of several GiB needs its first sectors, not all of it.
     */
    public ByteBuffer headWindow(int limit) throws IOException {
        if (size <= Integer.MAX_VALUE - 16) {
            ByteBuffer all = bytes();
            return all.limit(Math.min(all.limit(), limit)).slice();
        }
        try (FileChannel ch = FileChannel.open(content, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, Math.min(limit, size));
        }
    }

    /** Up to the first 8 KiB of content. */
    public byte[] head() throws IOException {
        ByteBuffer b = bytes();
        byte[] out = new byte[Math.min(b.remaining(), HEAD_SIZE)];
        b.get(out);
        return out;
    }

    /**
     * One digest per thread, reused: every file of a scan is hashed, and a provider lookup per file costs more
     * than hashing a small file.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    });

    /** Hex SHA-256 of the content (JCA), computed once; the empty string for entries without content. */
    public String sha256() throws IOException {
        String h = sha256;
        if (h == null) {
            if (!hasContent()) {
                h = "";
            } else {
                MessageDigest md = SHA256.get();
                md.reset();
                if (size <= Integer.MAX_VALUE - 16) {
                    md.update(bytes());
                } else {
                    try (InputStream in = open()) {
                        byte[] buf = new byte[1 << 16];
                        int n;
                        while ((n = in.read(buf)) > 0) {
                            md.update(buf, 0, n);
                        }
                    }
                }
                h = HexFormat.of().formatHex(md.digest());
            }
            sha256 = h;
        }
        return h;
    }

    /** File type by magic bytes, computed once. Unreadable content classifies as {@link FileType#OTHER}. */
    public Classification classification() {
        Classification c = classification;
        if (c == null) {
            if (!hasContent()) {
                c = Classification.of(FileType.NONE);
            } else {
                try {
                    c = Classifier.classify(this);
                } catch (IOException | UncheckedIOException e) {
                    c = Classification.of(FileType.OTHER);
                }
            }
            classification = c;
        }
        return c;
    }

    public FileType type() {
        return classification().type();
    }

    /**
     * The parsed view named by {@code key}, parsed at most once. A parse failure is cached and rethrown
     * to every caller, so a malformed file costs one parse however many checks look at it.
     */
    @SuppressWarnings("unchecked")
    public <T> T view(ViewKey<T> key) throws IOException {
        Object v = views.get(key);
        if (v == null) {
            try {
                v = key.parse(this);
                if (v == null) {
                    throw new IllegalStateException(key + " returned null");
                }
            } catch (IOException e) {
                v = new FailedView(e);
            } catch (RuntimeException e) {
                v = new FailedView(new IOException(key.name() + " parser failed: " + e, e));
            }
            Object prior = views.putIfAbsent(key, v);
            if (prior != null) {
                v = prior;
            }
        }
        if (v instanceof FailedView f) {
            throw new IOException(f.cause().getMessage(), f.cause());
        }
        return (T) v;
    }

    /** Like {@link #view} but empty instead of throwing when the artifact does not parse as that view. */
    public <T> Optional<T> tryView(ViewKey<T> key) {
        try {
            return Optional.of(view(key));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private record FailedView(IOException cause) {
    }

    @Override
    public String toString() {
        return path + " (" + meta.kind() + ", " + size + " bytes)";
    }
}
