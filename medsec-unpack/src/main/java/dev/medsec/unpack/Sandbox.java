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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place where unpacking writes to disk: a private work directory (mode 0700) with a byte and an entry
 * budget for the whole scan. Every write goes through {@link #write}, which resolves the entry strictly inside
 * its layer directory, never follows a link, and never creates links or device nodes. The directory is removed
 * by {@link #close()} and, should the JVM be interrupted (Ctrl-C), by a shutdown hook.
 */
public final class Sandbox implements Closeable {
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final UnpackLimits limits;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicInteger dirs = new AtomicInteger();
    private final Thread cleaner;
    private volatile boolean closed;

    private Sandbox(Path root, UnpackLimits limits) {
        this.root = root;
        this.limits = limits;
        this.cleaner = new Thread(this::deleteQuietly, "medsec-workdir-cleanup");
        Runtime.getRuntime().addShutdownHook(cleaner);
    }

    /** Creates a fresh private work directory under the system temporary directory. */
    public static Sandbox create(UnpackLimits limits) throws IOException {
        Path dir = Files.createTempDirectory("medsec-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new Sandbox(dir.toRealPath(), limits);
    }

    /** Creates the private work directory below {@code parent} (tests, or a site's preferred scratch disk). */
    public static Sandbox create(UnpackLimits limits, Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, "medsec-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return new Sandbox(dir.toRealPath(), limits);
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
        Path target = resolveInside(layerDir, innerPath);
        ensureParents(layerDir, target.getParent());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException("entry conflicts with a directory of the same name");
            }
            Files.delete(target); // a later duplicate entry replaces the earlier one, as tar does
        }
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

    private void deleteQuietly() {
        try {
            deleteTree(root);
        } catch (IOException e) {
            // best effort: the directory is private (0700) and under the system temporary directory
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
