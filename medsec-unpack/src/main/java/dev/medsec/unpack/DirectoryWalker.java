package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveTask;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Walks a host directory into artifacts of one layer, in place (nothing is copied). Links are recorded with
 * their target and never followed; device nodes and fifos are recorded and never opened.
 *
 * <p>Directories are listed in parallel (one fork-join task per directory) and each regular file is classified
 * as it is found, so that reading the heads of thousands of files overlaps the listing. The result is in a
 * stable order: each directory's entries sorted by name, a directory followed by its contents.
 */
final class DirectoryWalker {
    /**
     * Directories nested deeper than this are not walked (reported in errors): a hostile tree, or the output of an
     * extractor that followed a directory hard-link cycle, must not overflow the stack of the recursive walk.
     */
    static final int MAX_DEPTH = 256;

    private DirectoryWalker() {
    }

    /**
     * @param declared metadata the image itself declares for an inner path (from an unpacker's listing); when
     *                 empty, the host's own metadata (lstat) is used
     * @throws LimitExceededException when the entry budget is exhausted
     */
    static List<Artifact> walk(Path root, String layer, Sandbox budget, Function<String, Optional<FileMeta>> declared,
                               BiConsumer<String, String> errors) throws IOException {
        Walk walk = new Walk(root, layer, budget, declared, errors);
        try {
            Walk.Directory top = walk.new Directory(root, 0);
            // Inside a pool (the image builder's) the walk uses its workers; otherwise the common pool.
            return ForkJoinTask.inForkJoinPool() ? top.invoke() : ForkJoinPool.commonPool().invoke(top);
        } catch (UncheckedIOException e) {
            // Thrown in a worker (the entry budget); fork-join may hand back the original or a wrapper of it.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof IOException io) {
                    throw io;
                }
            }
            throw e;
        }
    }

    private record Walk(Path root, String layer, Sandbox budget, Function<String, Optional<FileMeta>> declared,
                        BiConsumer<String, String> errors) {
        String inner(Path p) {
            String r = root.toString();
            String s = p.toString();
            String rest = r.equals("/") ? s : s.substring(r.length());
            return rest.isEmpty() ? "/" : rest;
        }

        /** One directory's entries, then (in name order) the contents of its subdirectories. */
        final class Directory extends RecursiveTask<List<Artifact>> {
            private static final long serialVersionUID = 1L;
            private final transient Path dir;
            private final int depth;

            Directory(Path dir, int depth) {
                this.dir = dir;
                this.depth = depth;
            }

            @Override
            protected List<Artifact> compute() {
                List<Path> children = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    entries.forEach(children::add);
                } catch (IOException | DirectoryIteratorException e) {
                    errors.accept(inner(dir), "not readable: " + e.getMessage());
                    return List.of();
                }
                children.sort(Comparator.comparing(p -> p.getFileName().toString()));
                Artifact[] found = new Artifact[children.size()];
                Directory[] below = new Directory[children.size()];
                for (int i = 0; i < children.size(); i++) {
                    Path p = children.get(i);
                    long[] size = new long[1];
                    FileMeta host = hostMeta(p, size);
                    try {
                        found[i] = entry(p, host, size[0]);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (host.kind() == EntryKind.DIRECTORY && depth + 1 >= MAX_DEPTH) {
                        errors.accept(inner(p), "directory not walked: nested deeper than " + MAX_DEPTH + " levels");
                    } else if (host.kind() == EntryKind.DIRECTORY) {
                        below[i] = new Directory(p, depth + 1);
                        below[i].fork();
                    }
                }
                List<Artifact> out = new ArrayList<>(found.length);
                for (int i = 0; i < found.length; i++) {
                    out.add(found[i]);
                    if (below[i] != null) {
                        out.addAll(below[i].join());
                    }
                }
                return out;
            }
        }

        private Artifact entry(Path p, FileMeta host, long size) throws IOException {
            budget.countEntry();
            String inner = inner(p);
            Optional<FileMeta> listed = declared.apply(inner);
            FileMeta meta = listed.orElse(host);
            if (meta.kind() == EntryKind.FILE && host.kind() == EntryKind.FILE) {
                // host says regular file, from the same lstat that gave the size: no second one
                Artifact a = size >= 0 ? Artifact.ofRegularFile(layer, inner, meta, p, size) : Artifact.ofFile(layer, inner, meta, p);
                a.type();
                return a;
            }
            if (meta.kind() == EntryKind.SYMLINK && meta.linkTarget().isEmpty() && host.kind() == EntryKind.SYMLINK) {
                return Artifact.ofEntry(layer, inner, meta.withLinkTarget(Files.readSymbolicLink(p).toString()));
            }
            return Artifact.ofEntry(layer, inner, meta);
        }
    }

    /** The host's own metadata, without following links. */
    static FileMeta hostMeta(Path p) {
        return hostMeta(p, new long[1]);
    }

    /** Also gives the size in {@code size[0]} (-1 when the metadata could not be read). */
    static FileMeta hostMeta(Path p, long[] size) {
        size[0] = -1;
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,size", LinkOption.NOFOLLOW_LINKS);
            size[0] = (Long) a.get("size");
            int mode = (Integer) a.get("mode");
            FileMeta m = FileMeta.of(LayerWriter.kindOfMode(mode), mode, (Integer) a.get("uid"), (Integer) a.get("gid"));
            return m.withMtime(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000);
        } catch (IOException | UnsupportedOperationException e) {
            EntryKind kind = Files.isSymbolicLink(p) ? EntryKind.SYMLINK
                    : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? EntryKind.DIRECTORY
                    : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? EntryKind.FILE : EntryKind.OTHER;
            return FileMeta.of(kind);
        }
    }
}
