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
    /** Paths that have an error entry: a tree reader that found nothing and left none opened an empty archive. */
    private final java.util.Set<String> errorPaths = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final CoverageAccount coverage = new CoverageAccount();
    /** Containers whose members were found: their own bytes are reached through the members. */
    private final java.util.Set<String> opened = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Members cut out of a byte layout (partitions, carved regions, boot-container payloads): a blob among them that
     * no format claims is carved in turn and accounted, whatever its size.
     */
    private final java.util.Set<String> rawContext = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Unexplained regions turned into members: scanned as bytes, never carved again. */
    private final java.util.Set<String> noCarve = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** A blob inside a filesystem is carved from this size up (smaller ones are ordinary data files). */
    static final long CARVE_MIN_IN_FILESYSTEM = 1 << 20;
    /** A member or target this large that stays unopened is an {@code errors} entry, not only a coverage line. */
    static final long UNOPENED_ERROR_BYTES = 1 << 20;
    private volatile String targetPath = "";

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
        long targetBytes;
        if (Files.isDirectory(real)) {
            if (!Files.isReadable(real)) {
                throw new IOException("target directory not readable: " + target);
            }
            targetType = "directory";
            List<Artifact> found = DirectoryWalker.walk(real, "", sandbox, p -> Optional.empty(), this::error);
            targetBytes = found.stream().filter(Artifact::hasContent).mapToLong(Artifact::size).sum();
            enqueue(found, 1, all, queue);
        } else {
            if (!Files.isRegularFile(real) || !Files.isReadable(real)) {
                throw new IOException("target is not a readable file or directory: " + target);
            }
            Artifact self = Artifact.ofFile("", "/" + real.getFileName(), DirectoryWalker.hostMeta(real), real);
            FileType type = self.type();
            targetType = type.label();
            targetBytes = self.size();
            targetPath = self.path();
            if (type.isArchive() && !type.keepsOwnEntry()) {
                // The target's members form the root layer ""; the target itself is not an entry of the image.
                enqueue(unpack(self, ""), 1, all, queue);
            } else {
                // A disk image, a boot container or a blob: checked as itself, its members a layer below it.
                enqueue(List.of(self), 1, all, queue);
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
        dev.medsec.core.Coverage account = coverage.build(all, targetBytes);
        synchronized (errors) {
            return new UnpackResult(all, new ArrayList<>(errors), targetType, account, java.util.Set.copyOf(opened));
        }
    }

    private void enqueue(List<Artifact> found, int depth, List<Artifact> all, Deque<Pending> queue) {
        // Classifying reads each file's head: do it on every core (the result is cached on the artifact).
        found.parallelStream().filter(Artifact::hasContent).forEach(Artifact::type);
        for (Artifact a : found) {
            all.add(a);
            if (a.hasContent() && a.kind() != EntryKind.HARDLINK && (a.type().isArchive() || a.type().keepsOwnEntry()
                    || isCarveCandidate(a))) {
                queue.add(new Pending(a, depth));
            }
        }
    }

    /** A blob no format claims, where a structure could hide: the target, a region of a layout, or a large file. */
    private boolean isCarveCandidate(Artifact a) {
        return a.type() == FileType.OTHER && a.size() >= 64 && !noCarve.contains(a.path())
                && (a.path().equals(targetPath) || rawContext.contains(a.path()) || a.size() >= CARVE_MIN_IN_FILESYSTEM);
    }

    private void error(String path, String message) {
        addError(new ScanError(path, ScanError.Stage.UNPACK, message));
    }

    private void addError(ScanError e) {
        errors.add(e);
        errorPaths.add(e.path());
    }

    /** Unpacks one archive into layer {@code layer}; what was read before a failure is kept. */
    private List<Artifact> unpack(Artifact archive, String layer) {
        String where = archive.path();
        FileType type = archive.type();
        sandbox.expansionBudget(layer, archive.size());
        switch (type) {
            case DISK_IMAGE -> {
                return layout(archive, layer, PartitionTables::read, LayoutUnpacker.Gaps.CARVE);
            }
            case UIMAGE -> {
                return layout(archive, layer, UImages::read, LayoutUnpacker.Gaps.ACCOUNT);
            }
            case FDT -> {
                return layout(archive, layer, FitImages::read, LayoutUnpacker.Gaps.ACCOUNT);
            }
            case LINUX_KERNEL -> {
                return layout(archive, layer, KernelImages::read, LayoutUnpacker.Gaps.REST_EXPLAINED);
            }
            case OTHER -> {
                return layout(archive, layer, src -> Layout.empty("raw"), LayoutUnpacker.Gaps.CARVE);
            }
            default -> {
                // filesystem and archive readers below
            }
        }
        List<Artifact> found = tree(archive, layer, type);
        if (found.isEmpty() && !errorPaths.contains(where)) {
            coverage.opened(layer, type.label(), archive.size());
        } else if (found.isEmpty()) {
            coverage.failed(layer, where, type.label(), archive.size(), "could not be opened (see errors)");
        } else if (sandbox.stopped() && errorPaths.contains(where)) {
            // cut short by --scan-timeout: how much of it was read is not known, so none of it counts as reached
            coverage.failed(layer, where, type.label(), archive.size(), "unpacking stopped by --scan-timeout");
            opened.add(where);
        } else {
            coverage.opened(layer, type.label(), archive.size());
            opened.add(where);
        }
        return found;
    }

    /** Archives and filesystems whose readers produce a tree of entries. */
    private List<Artifact> tree(Artifact archive, String layer, FileType type) {
        String where = archive.path();
        try {
            switch (type) {
                case SQUASHFS -> {
                    return FilesystemImages.squashfs(hostRegion(archive), layer, sandbox, (p, m) -> error(ImagePaths.join(layer, p), m));
                }
                case EXT_FS -> {
                    return FilesystemImages.ext(hostRegion(archive), layer, sandbox, (p, m) -> error(ImagePaths.join(layer, p), m));
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
                e -> addError(e.path().equals("/") && !layer.isEmpty() ? new ScanError(where, e.stage(), e.message()) : e));
        try {
            switch (type) {
                case ZIP, JAR -> ZipArchives.zip(hostFile(archive), out, sandbox.limits().maxRatio());
                case TAR -> {
                    try (InputStream in = new BufferedInputStream(archive.open(), 65536)) {
                        StreamArchives.tar(in, out, RatioGuard.none());
                    }
                }
                case CPIO -> {
                    try (InputStream in = new BufferedInputStream(archive.open(), 65536)) {
                        InitramfsChain.read(in, out, RatioGuard.none());
                    }
                }
                case AR -> {
                    try (InputStream in = new BufferedInputStream(archive.open(), 65536)) {
                        StreamArchives.ar(in, out, RatioGuard.none());
                    }
                }
                case FAT_FS -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        FatFilesystem.read(src, archive, out);
                    }
                }
                case ISO9660 -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        Iso9660Filesystem.read(src, archive, out);
                    }
                }
                case UEFI_FV -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        UefiVolumes.read(src, out);
                    }
                }
                case UBI -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        UbiImage.read(src, out);
                    }
                }
                case UBIFS -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        UbifsFilesystem.read(src, out);
                    }
                }
                case JFFS2 -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        Jffs2Filesystem.read(src, out);
                    }
                }
                case CRAMFS -> {
                    try (ByteSource src = ByteSource.of(archive)) {
                        CramfsFilesystem.read(src, out);
                    }
                }
                case ANDROID_SPARSE -> SparseImages.unsparse(archive, out, sandbox);
                case GZIP, XZ, ZSTD, BZIP2, LZ4, LZ4_LEGACY, LZMA, LZOP -> compressed(archive, type, out);
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
     * Opens a container by its byte layout. A blob that no reader claims and the carver finds nothing in stays a
     * plain file (its checks run on it as before); its bytes are accounted as unexplained where that matters: the
     * target, a region of a layout, or compressed-or-encrypted data.
     */
    private List<Artifact> layout(Artifact container, String layer, LayoutReader reader, LayoutUnpacker.Gaps gaps) {
        boolean carveGaps = gaps == LayoutUnpacker.Gaps.CARVE;
        String where = container.path();
        LayoutUnpacker unpacker = new LayoutUnpacker(sandbox, coverage, this::addError);
        try (ByteSource src = ByteSource.of(container)) {
            Layout layout;
            try {
                layout = reader.read(src);
            } catch (MalformedLayoutException e) {
                if (!carveGaps) {
                    error(where, message(e));
                    coverage.failed(layer, where, container.type().label(), container.size(), message(e));
                    return List.of();
                }
                error(where, message(e) + "; searched as raw bytes instead");
                layout = Layout.empty("raw");
            }
            layout.notes().forEach(n -> error(where, n));
            LayoutUnpacker.Result r = unpacker.unpack(container, layer, layout, src, gaps);
            LayoutUnpacker.Account acc = r.account();
            boolean found = !r.members().isEmpty();
            boolean blob = container.type() == FileType.OTHER;
            boolean account = found || !blob || where.equals(targetPath) || rawContext.contains(where)
                    || "compressed-or-encrypted".equals(acc.largestUnexplainedEntropy);
            if (account) {
                coverage.container(layer, blob && !found ? "unknown" : layout.format(), container.size(), acc.explained,
                        acc.padding, acc.unexplained, acc.unopened);
            }
            if (!found && blob && acc.unexplained >= UNOPENED_ERROR_BYTES && (where.equals(targetPath) || rawContext.contains(where))) {
                error(where, String.format(java.util.Locale.ROOT,
                        "%d bytes (%s) that no reader recognises: only byte scans checked them", acc.unexplained,
                        acc.largestUnexplainedEntropy));
            }
            if (found && gaps != LayoutUnpacker.Gaps.REST_EXPLAINED) {
                // its members hold all of its bytes: the byte scans read them, not the container
                opened.add(where);
            }
            if (found) {
                r.members().forEach(m -> rawContext.add(m.path()));
                r.unknown().forEach(m -> noCarve.add(m.path()));
                r.carved().forEach(m -> noCarve.add(m.path()));
            }
            return r.members();
        } catch (IOException | RuntimeException e) {
            error(where, message(e));
            coverage.failed(layer, where, container.type().label(), container.size(), message(e));
            return List.of();
        }
    }

    /** The host file region holding an artifact, spilling in-memory content to the sandbox first. */
    private Artifact.HostRegion hostRegion(Artifact archive) throws IOException {
        Optional<Artifact.HostRegion> r = archive.hostRegion();
        if (r.isPresent()) {
            return r.get();
        }
        Path spilled = spill(archive);
        return new Artifact.HostRegion(spilled, 0, Files.size(spilled));
    }

    private Path hostFile(Artifact archive) throws IOException {
        return archive.contentFile().isPresent() ? archive.contentFile().get() : spill(archive);
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
                        InitramfsChain.read(in, out, guard);
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
