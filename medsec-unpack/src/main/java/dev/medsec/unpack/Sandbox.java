package dev.medsec.unpack;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where unpacking writes: a private work directory (mode 0700) under $TMPDIR, and beside it a
 * private directory on the memory-backed filesystem that holds members while a memory budget lasts (writing every
 * member of a root filesystem to a disk-backed directory cost more than the scan itself); beyond the budget,
 * members spill to disk. A byte and an entry budget hold for the whole scan. Every write goes through {@link #write}, which resolves the entry strictly inside
 * its layer directory, never follows a link, and never creates links or device nodes. The directory is removed
 * by {@link #close()} and, should the JVM be interrupted (Ctrl-C), by a shutdown hook.
 */
public final class Sandbox implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    /** A private directory on a memory-backed filesystem (tmpdir of RAM, /dev/shm), or null. */
    private final Path memoryRoot;
    private final long memoryBudget;
    private final AtomicLong memoryUsed = new AtomicLong();
    private final UnpackLimits limits;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicInteger dirs = new AtomicInteger();
    private final Thread cleaner;
    private volatile boolean closed;
    /** Set by {@link #stop()}: writers and tools stop, the directories stay until {@link #close()}. */
    private volatile boolean stopping;

    private Sandbox(Path root, Path memoryRoot, long memoryBudget, UnpackLimits limits) {
        this.root = root;
        this.memoryRoot = memoryRoot;
        this.memoryBudget = memoryRoot == null ? 0 : memoryBudget;
        this.limits = limits;
        this.cleaner = new Thread(this::stopAndDelete, "medsec-workdir-cleanup");
        Runtime.getRuntime().addShutdownHook(cleaner);
    }

    /**
     * Creates a fresh private work directory under {@code $TMPDIR} (else the JVM's temporary directory), and a
     * memory-backed one of {@link #defaultMemoryBudget()} bytes where the machine has one.
     */
    public static Sandbox create(UnpackLimits limits) throws IOException {
        return create(limits, defaultMemoryBudget());
    }

    /**
     * @param memoryBudget bytes of members kept on the memory-backed filesystem before the rest spills to disk;
     *                     0 writes everything to disk
     */
    public static Sandbox create(UnpackLimits limits, long memoryBudget) throws IOException {
        Path dir = Files.createTempDirectory(temporaryParent(), "medsec-", PRIVATE);
        Path memory = memoryBudget > 0 ? memoryDirectory() : null;
        return new Sandbox(dir.toRealPath(), memory, memoryBudget, limits);
    }

    /** Creates the private work directory below {@code parent}, on disk only (tests, or a site's scratch disk). */
    public static Sandbox create(UnpackLimits limits, Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "medsec-", PRIVATE);
        return new Sandbox(dir.toRealPath(), null, 0, limits);
    }

    /** Like {@link #create(UnpackLimits, Path)} with a memory-backed directory below {@code memoryParent} (tests). */
    static Sandbox create(UnpackLimits limits, Path parent, Path memoryParent, long memoryBudget) throws IOException {
        Path dir = Files.createTempDirectory(parent, "medsec-", PRIVATE);
        Path memory = Files.createTempDirectory(memoryParent, "medsec-mem-", PRIVATE).toRealPath();
        return new Sandbox(dir.toRealPath(), memory, memoryBudget, limits);
    }

    private static final java.nio.file.attribute.FileAttribute<?> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /** $TMPDIR when it names a directory (the JVM itself ignores it on Linux), else java.io.tmpdir. */
    static Path temporaryParent() {
        String env = System.getenv("TMPDIR");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * A private directory in /dev/shm, or null where there is none to write to. Its name carries this process's
     * id, so that a scan killed with SIGKILL (no shutdown hook runs) leaves nothing that holds RAM for long: the
     * next scan removes the directories of processes that no longer exist.
     */
    private static Path memoryDirectory() {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
            return null;
        }
        removeOrphans(shm);
        try {
            return Files.createTempDirectory(shm, MEMORY_PREFIX + ProcessHandle.current().pid() + "-", PRIVATE).toRealPath();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    static final String MEMORY_PREFIX = "medsec-mem-";

    /** Deletes memory directories of medsec processes that have died (only those this user owns and can remove). */
    static void removeOrphans(Path shm) {
        try (var dirs = Files.newDirectoryStream(shm, MEMORY_PREFIX + "*")) {
            for (Path d : dirs) {
                String rest = d.getFileName().toString().substring(MEMORY_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    long pid = Long.parseLong(rest.substring(0, dash));
                    if (ProcessHandle.of(pid).isEmpty()) {
                        deleteTree(d);
                    }
                } catch (NumberFormatException | IOException e) {
                    // not ours, or not ours to remove
                }
            }
        } catch (IOException e) {
            // nothing to sweep
        }
    }

    /**
     * A quarter of the memory the kernel says is available (MemAvailable), at most what /dev/shm can still take
     * less 64 MiB, at most 8 GiB: members beyond it spill to disk, so a large image never fills the machine's RAM.
     */
    public static long defaultMemoryBudget() {
        long available = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    available = Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
            long shmFree = Files.getFileStore(Path.of("/dev/shm")).getUsableSpace() - (64L << 20);
            return Math.max(0, Math.min(Math.min(available / 4, shmFree), 8L << 30));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Bytes of members now held on the memory-backed filesystem. */
    public long memoryBytes() {
        return memoryUsed.get();
    }

    /** A new, empty directory on the memory-backed filesystem, or null when there is none or its budget is spent. */
    Path newMemoryDirectory(String prefix) throws IOException {
        if (memoryRoot == null || memoryUsed.get() >= memoryBudget) {
            return null;
        }
        return Files.createDirectory(memoryRoot.resolve(prefix + dirs.incrementAndGet()));
    }

    /**
     * Reserves {@code bytes} of the memory budget for an external tool's output; false (nothing reserved) when
     * they do not fit. The reservation is settled with {@link #settleMemory} once the real size is known.
     */
    /**
     * A directory for an external tool's output of about {@code expectedBytes}: on the memory-backed filesystem
     * when they fit its budget (reserved until {@link #settleMemory}), else on disk.
     *
     * @return the directory and the bytes reserved (0 for a disk directory)
     */
    ToolDirectory newToolDirectory(String prefix, long expectedBytes) throws IOException {
        if (reserveMemory(expectedBytes)) {
            return new ToolDirectory(Files.createDirectory(memoryRoot.resolve(prefix + dirs.incrementAndGet())), expectedBytes);
        }
        return new ToolDirectory(newDirectory(prefix), 0);
    }

    record ToolDirectory(Path dir, long reservedMemory) {
    }

    boolean reserveMemory(long bytes) {
        if (memoryRoot == null) {
            return false;
        }
        while (true) {
            long used = memoryUsed.get();
            if (used + bytes > memoryBudget) {
                return false;
            }
            if (memoryUsed.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    /** Replaces a reservation by the bytes the tool really wrote (none when it wrote to disk). */
    void settle(ToolDirectory d, long actual) {
        if (d.reservedMemory() > 0) {
            memoryUsed.addAndGet(actual - d.reservedMemory());
        }
    }

    /**
     * Writes a member to {@code memoryDir} while the memory budget lasts; a member that outgrows it is moved to
     * {@code diskDir} and finished there. Without a memory directory this is {@link #write}.
     */
    Path writePreferMemory(Path memoryDir, java.util.function.Supplier<Path> diskDir, String innerPath, InputStream in,
                           RatioGuard guard) throws IOException {
        if (memoryDir == null || memoryUsed.get() >= memoryBudget) {
            return write(diskDir.get(), innerPath, in, guard);
        }
        Path target = prepare(memoryDir, innerPath);
        long inMemory = 0;
        boolean done = false;
        OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        try {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                charge(n);
                guard.add(n);
                if (target.startsWith(memoryDir) && memoryUsed.addAndGet(n) > memoryBudget) {
                    memoryUsed.addAndGet(-(inMemory + n));
                    inMemory = 0;
                    out.close();
                    Path spilled = prepare(diskDir.get(), innerPath);
                    Files.copy(target, spilled, java.nio.file.StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
                    Files.delete(target);
                    target = spilled;
                    out = Files.newOutputStream(target, StandardOpenOption.APPEND, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                } else if (target.startsWith(memoryDir)) {
                    inMemory += n;
                }
                out.write(buf, 0, n);
            }
            done = true;
        } finally {
            out.close();
            if (!done) {
                Files.deleteIfExists(target);
                memoryUsed.addAndGet(-inMemory);
            }
        }
        return target;
    }

    /** Resolves a member's path inside {@code layerDir}, creates its parents and removes an earlier duplicate. */
    private static Path prepare(Path layerDir, String innerPath) throws IOException {
        Path target = resolveInside(layerDir, innerPath);
        ensureParents(layerDir, target.getParent());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("entry conflicts with a directory of the same name");
            }
            Files.delete(target); // a later duplicate entry replaces the earlier one, as tar does
        }
        return target;
    }

    public Path root() {
        return root;
    }

    public UnpackLimits limits() {
        return limits;
    }

    public long bytesWritten() {
        return bytes.get();
    }

    /** A new, empty directory for one layer's (or one tool's) output. */
    public Path newDirectory(String prefix) throws IOException {
        return Files.createDirectory(root.resolve(prefix + dirs.incrementAndGet()));
    }

    /** Counts one entry against the scan's entry budget. */
    public void countEntry() throws LimitExceededException {
        if (entries.incrementAndGet() > limits.maxEntries()) {
            throw new LimitExceededException("entry budget of " + limits.maxEntries() + " exceeded");
        }
    }

    /** Bytes the scan may still write; for external tools whose output is limited up front. */
    public long remainingBytes() {
        return Math.max(0, limits.maxTotalBytes() - bytes.get());
    }

    /** Charges bytes written by an external tool. */
    public void charge(long written) throws LimitExceededException {
        if (closed || stopping) {
            // Ctrl-C, SIGTERM or --scan-timeout: every writer stops at its next buffer
            throw new LimitExceededException("the scan is stopping");
        }
        if (bytes.addAndGet(written) > limits.maxTotalBytes()) {
            throw new LimitExceededException("byte budget of " + limits.maxTotalBytes() + " exceeded");
        }
    }

    /**
     * Writes {@code in} to {@code innerPath} (normalised, '/'-rooted) below {@code layerDir}, charging the
     * byte budget and the ratio guard as it goes. A partial file is removed when a budget stops the copy.
     *
     * @return the host file written
     */
    public Path write(Path layerDir, String innerPath, InputStream in, RatioGuard guard) throws IOException {
        Path target = prepare(layerDir, innerPath);
        boolean done = false;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) > 0) {
                charge(n);
                guard.add(n);
                out.write(buf, 0, n);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(target);
            }
        }
        return target;
    }

    /** The host path of {@code innerPath} below {@code layerDir}; refuses anything that would land outside. */
    static Path resolveInside(Path layerDir, String innerPath) throws IOException {
        if (!innerPath.startsWith("/") || innerPath.length() < 2 || innerPath.indexOf('\0') >= 0) {
            throw new IOException("invalid entry path");
        }
        Path p = layerDir.resolve(innerPath.substring(1)).normalize();
        if (!p.startsWith(layerDir) || p.equals(layerDir)) {
            throw new IOException("entry path escapes the work directory");
        }
        return p;
    }

    /** Creates missing parents one by one, refusing any existing component that is not a real directory. */
    private static void ensureParents(Path layerDir, Path dir) throws IOException {
        if (dir.equals(layerDir)) {
            return;
        }
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        ensureParents(layerDir, dir.getParent());
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("entry path passes through a non-directory");
        }
        Files.createDirectory(dir);
    }

    @Override
    public void close() {
        deleteQuietly();
        if (!closed) {
            closed = true;
            try {
                Runtime.getRuntime().removeShutdownHook(cleaner);
            } catch (IllegalStateException e) {
                // already shutting down: the hook itself is running
            }
        }
    }

    /** Bytes written under each opened archive, with its limit (see {@link #expansionBudget}). */
    private record Expansion(long size, long limit, java.util.concurrent.atomic.AtomicLong written) {
    }

    private final Map<String, Expansion> expansion = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Registers an archive about to be opened: everything written below it — its members and, layer by layer,
     * the archives nested in it — may total at most {@code maxRatio} times its size (beyond a grace of
     * {@link UnpackLimits#archiveGraceBytes}). Each level of a fan-out bomb (ten copies of the level below,
     * which xz stores once) is a harmless 1:10; the ten million leaves seven levels down are not.
     *
     * @param container the archive's path, which is the layer its members are written to
     */
    void expansionBudget(String container, long size) {
        expansion.putIfAbsent(container, new Expansion(size, expansionLimit(size), new java.util.concurrent.atomic.AtomicLong()));
    }

    /** The most an archive of {@code size} bytes may write below it: 1:maxRatio, and at least the grace. */
    long expansionLimit(long size) {
        try {
            return Math.max(limits.archiveGraceBytes(), Math.multiplyExact(Math.max(1, size), limits.maxRatio()));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Charges {@code bytes} written to {@code layer} to that archive and every archive that encloses it. */
    void chargeExpansion(String layer, long bytes) throws LimitExceededException {
        if (!layer.isEmpty()) {
            chargeOne("", bytes, expansion.get(""));   // the target, when it is an archive: every layer is below it
        }
        for (int i = layer.indexOf("!/"); ; i = layer.indexOf("!/", i + 2)) {
            String container = i < 0 ? layer : layer.substring(0, i);
            chargeOne(container, bytes, expansion.get(container));
            if (i < 0) {
                return;
            }
        }
    }

    private void chargeOne(String container, long bytes, Expansion e) throws LimitExceededException {
        if (e != null && e.written().addAndGet(bytes) > e.limit()) {
            throw new LimitExceededException("archive " + (container.isEmpty() ? "(the target)" : LayerWriter.printable(container))
                    + " expands beyond 1:" + limits.maxRatio() + " of its " + e.size()
                    + " bytes across its members and the archives in it");
        }
    }

    /** Extraction tools running for this sandbox (unsquashfs, debugfs): stopped before the directory is deleted. */
    private final java.util.Set<Process> tools = java.util.concurrent.ConcurrentHashMap.newKeySet();

    void track(Process p) {
        tools.add(p);
        if (closed || stopping) {
            p.destroyForcibly();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopping;
    }

    /** Stops unpacking (--scan-timeout): every further write fails and running extraction tools are killed. */
    public void stop() {
        stopping = true;
        for (Process p : tools) {
            p.destroyForcibly();
        }
    }

    void untrack(Process p) {
        tools.remove(p);
    }

    /**
     * The shutdown hook (Ctrl-C, SIGTERM): stop the writers first — {@link #charge} refuses every further buffer
     * and the extraction tools are killed — then delete, again while a writer that was mid-buffer still adds a
     * file, until the directories are gone.
     */
    private void stopAndDelete() {
        closed = true;
        for (Process p : tools) {
            p.destroyForcibly();
        }
        for (Process p : tools) {
            try {
                p.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int round = 0; round < 20; round++) {
            deleteQuietly();
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)
                    && (memoryRoot == null || !Files.exists(memoryRoot, LinkOption.NOFOLLOW_LINKS))) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deleteQuietly() {
        for (Path dir : memoryRoot == null ? List.of(root) : List.of(root, memoryRoot)) {
            try {
                deleteTree(dir);
            } catch (IOException e) {
                // best effort: the directory is private (0700) and under the system temporary directory
            }
        }
    }

    /** Deletes a tree without following links; makes read-only directories writable first. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                d.toFile().setWritable(true, true);
                d.toFile().setExecutable(true, true);
                d.toFile().setReadable(true, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException exc) throws IOException {
                Files.deleteIfExists(f);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                try {
                    Files.delete(d);
                } catch (NoSuchFileException e) {
                    // gone already
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
