package dev.medsec.unpack;

import dev.medsec.core.ScanError;
import dev.medsec.core.Unchecked;
import dev.medsec.core.classify.Classifier;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.ImagePaths;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * The unpack stage: turns a target (directory, archive, filesystem image or single file) into the artifacts of
 * an image, unpacking archives found inside recursively up to the depth limit. The target is the root: scanning
 * {@code rootfs.tar.gz} yields {@code /usr/bin/curl}; an archive inside adds a layer joined with "!".
 * Problems with one archive become errors and the rest goes on; only an unreadable target throws.
 */
public final class ImageBuilder {
    private static final int PEEK = 8192;

    private final Sandbox sandbox;
    /** Decompressed single members up to this size stay in memory instead of becoming a file on disk. */
    static final int IN_MEMORY_LIMIT = 256 * 1024;
    /** Compressed files up to this size are decompressed from their (already loaded) bytes. */
    private static final long SMALL_COMPRESSED = 64 * 1024;
    /** Per worker: one more byte than {@link #IN_MEMORY_LIMIT}, to tell a member that fits from one that does not. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[IN_MEMORY_LIMIT + 1]);

    private final List<ScanError> errors = java.util.Collections.synchronizedList(new ArrayList<>());

    private final int threads;

    public ImageBuilder(Sandbox sandbox) {
        this(sandbox, Runtime.getRuntime().availableProcessors());
    }

    /** @param threads workers for walking, classifying and unpacking nested archives */
    public ImageBuilder(Sandbox sandbox, int threads) {
        this.sandbox = sandbox;
        this.threads = Math.max(1, threads);
    }

    private record Pending(Artifact archive, int depth) {
    }

    /**
     * Builds the image in a fork-join pool of its own: the directory walk, the classification and each wave of
     * nested archives run on every worker. (The common pool has one worker fewer than there are cores, and a
     * thread outside a pool that waits on a fork-join task does not help run it.)
     *
     * @throws IOException when the target itself cannot be read
     */
    public UnpackResult build(Path target) throws IOException {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            return pool.submit(() -> buildInPool(target)).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            Unchecked.rethrowIfUnchecked(cause);
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("unpacking interrupted");
        } finally {
            pool.shutdownNow();
        }
    }

    private UnpackResult buildInPool(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.exists(target)) {
            throw new IOException("target not found: " + target);
        }
        Path real = target.toRealPath();
        List<Artifact> all = new ArrayList<>();
        Deque<Pending> queue = new ArrayDeque<>();
        String targetType;
        if (Files.isDirectory(real)) {
            if (!Files.isReadable(real)) {
                throw new IOException("target directory not readable: " + target);
            }
            targetType = "directory";
            List<Artifact> found = DirectoryWalker.walk(real, "", sandbox, p -> Optional.empty(), this::error);
            enqueue(found, 1, all, queue);
        } else {
            if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
                throw new IOException("target is not a readable file or directory: " + target);
            }
            Artifact self = Artifact.ofFile("", "/" + real.getFileName(), DirectoryWalker.hostMeta(real), real);
            FileType type = self.type();
            targetType = type.label();
            if (type.isArchive()) {
                // The target's members form the root layer ""; the target itself is not an entry of the image.
                enqueue(unpack(self, ""), 1, all, queue);
            } else {
                all.add(self);
            }
        }
        // Archives found inside are opened wave by wave (all archives of one nesting level in parallel);
        // each has its own layer writer, and the sandbox's budgets are shared atomically.
        while (!queue.isEmpty()) {
            List<Pending> wave = new ArrayList<>(queue);
            queue.clear();
            List<List<Artifact>> results = wave.parallelStream().map(p -> {
                if (p.depth() > sandbox.limits().maxDepth()) {
                    error(p.archive().path(), "archive not opened: nesting depth limit of " + sandbox.limits().maxDepth() + " reached");
                    return List.<Artifact>of();
                }
                return unpack(p.archive(), p.archive().path());
            }).toList();
            for (int i = 0; i < wave.size(); i++) {
                enqueue(results.get(i), wave.get(i).depth() + 1, all, queue);
            }
        }
        synchronized (errors) {
            return new UnpackResult(all, new ArrayList<>(errors), targetType);
        }
    }

    private void enqueue(List<Artifact> found, int depth, List<Artifact> all, Deque<Pending> queue) {
        // Classifying reads each file's head: do it on every core (the result is cached on the artifact).
        found.parallelStream().filter(Artifact::hasContent).forEach(Artifact::type);
        for (Artifact a : found) {
            all.add(a);
            if (a.hasContent() && a.kind() != EntryKind.HARDLINK && a.type().isArchive()) {
                queue.add(new Pending(a, depth));
            }
        }
    }

    private void error(String path, String message) {
        errors.add(new ScanError(path, ScanError.Stage.UNPACK, message));
    }

    /** Unpacks one archive into layer {@code layer}; what was read before a failure is kept. */
    private List<Artifact> unpack(Artifact archive, String layer) {
        String where = archive.path();
        FileType type = archive.type();
        Path host;
        try {
            host = archive.contentFile().isPresent() ? archive.contentFile().get() : spill(archive);
        } catch (IOException e) {
            error(where, message(e));
            return List.of();
        }
        try {
            switch (type) {
                case SQUASHFS -> {
                    return FilesystemImages.squashfs(host, layer, sandbox, (p, m) -> error(ImagePaths.join(layer, p), m));
                }
                case EXT_FS -> {
                    return FilesystemImages.ext(host, layer, sandbox, (p, m) -> error(ImagePaths.join(layer, p), m));
                }
                default -> {
                    // streaming and zip formats below
                }
            }
        } catch (IOException | RuntimeException e) {
            error(where, message(e));
            return List.of();
        }
        LayerWriter out = new LayerWriter(sandbox, layer,
                e -> errors.add(e.path().equals("/") && !layer.isEmpty() ? new ScanError(where, e.stage(), e.message()) : e));
        try {
            switch (type) {
                case ZIP, JAR -> ZipArchives.zip(host, out, sandbox.limits().maxRatio());
                case TAR -> {
                    try (InputStream in = new BufferedInputStream(archive.open(), 65536)) {
                        StreamArchives.tar(in, out, RatioGuard.none());
                    }
                }
                case CPIO -> {
                    try (InputStream in = new BufferedInputStream(archive.open(), 65536)) {
                        StreamArchives.cpio(in, out, RatioGuard.none());
                    }
                }
                case AR -> {
                    try (InputStream in = new BufferedInputStream(archive.open(), 65536)) {
                        StreamArchives.ar(in, out, RatioGuard.none());
                    }
                }
                case GZIP, XZ, ZSTD, BZIP2 -> compressed(archive, type, out);
                default -> error(where, "no unpacker for " + type.label());
            }
        } catch (LayerWriter.RatioExceeded e) {
            error(where, "rest of the archive abandoned after a member exceeded the compression ratio budget");
        } catch (IOException | RuntimeException e) {
            error(where, message(e));
        }
        return out.artifacts();
    }

    /**
     * A compressed stream holding a tar or cpio is unpacked as that archive, in the same layer (a .tar.gz is one
     * layer, not two); any other content becomes one member named after the file without its suffix.
     */
    private void compressed(Artifact archive, FileType type, LayerWriter out) throws IOException {
        // Most compressed files of a root filesystem are small (documentation, changelogs): a small member is read
        // straight into the array that becomes its content.
        // A small file is read from the bytes its classification loaded (no second open); a larger one streams.
        try (InputStream file = archive.size() <= SMALL_COMPRESSED ? new ByteBufferInputStream(archive.bytes())
                : new BufferedInputStream(archive.open(), 65536)) {
            CountingInputStream raw = new CountingInputStream(file);
            RatioGuard guard = new RatioGuard(sandbox.limits().maxRatio(), raw::count, archive.fileName());
            try (InputStream decompressed = CompressedStreams.open(type, raw)) {
                // Read into this thread's scratch buffer first: the member's own array is then allocated once, at
                // its exact size (a plain readNBytes would collect chunks and copy them).
                byte[] scratch = SCRATCH.get();
                int length = decompressed.readNBytes(scratch, 0, scratch.length);
                FileType inner = Classifier.classify(ByteBuffer.wrap(scratch, 0, Math.min(PEEK, length)), "").type();
                if (length <= IN_MEMORY_LIMIT && !inner.isArchive() && inner != FileType.SQLITE) {
                    sandbox.charge(length);
                    guard.add(length);
                    out.memoryFile(memberName(archive), memberMeta(archive), scratch, length);
                    return;
                }
                byte[] head = java.util.Arrays.copyOf(scratch, length);
                try (InputStream in = new BufferedInputStream(
                        new SequenceInputStream(new ByteArrayInputStream(head), decompressed), 65536)) {
                    if (inner == FileType.TAR) {
                        StreamArchives.tar(in, out, guard);
                    } else if (inner == FileType.CPIO) {
                        StreamArchives.cpio(in, out, guard);
                    } else {
                        out.file(memberName(archive), memberMeta(archive), in, guard);
                    }
                }
            }
        }
    }

    private static String memberName(Artifact archive) {
        return "/" + CompressedStreams.memberName(archive.fileName());
    }

    private static FileMeta memberMeta(Artifact archive) {
        return archive.meta().kind() == EntryKind.FILE ? archive.meta() : FileMeta.of(EntryKind.FILE);
    }

    /** Writes an in-memory archive to the sandbox so that readers needing a file (zip, unsquashfs) can open it. */
    private Path spill(Artifact archive) throws IOException {
        Path dir = sandbox.newDirectory("S");
        try (InputStream in = archive.open()) {
            return sandbox.write(dir, "/" + archive.fileName(), in, RatioGuard.none());
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        } else if (!(e instanceof IOException)) {
            m = e.getClass().getSimpleName() + ": " + m;
        }
        return LayerWriter.printable(m);
    }
}
