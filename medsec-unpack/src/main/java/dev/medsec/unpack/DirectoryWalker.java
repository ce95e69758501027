package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Walks a host directory into artifacts of one layer, in place (nothing is copied). Links are recorded with
 * their target and never followed; device nodes and fifos are recorded and never opened.
 */
final class DirectoryWalker {
    private DirectoryWalker() {
    }

    /**
     * @param declared metadata the image itself declares for an inner path (from an unpacker's listing); when
     *                 empty, the host's own metadata (lstat) is used
     */
    static List<Artifact> walk(Path root, String layer, Sandbox budget, Function<String, Optional<FileMeta>> declared,
                               BiConsumer<String, String> errors) throws IOException {
        List<Artifact> out = new ArrayList<>();
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    add(dir);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                errors.accept(inner(file), "not readable: " + exc.getMessage());
                return FileVisitResult.CONTINUE;
            }

            private void add(Path p) throws IOException {
                budget.countEntry();
                String inner = inner(p);
                Optional<FileMeta> listed = declared.apply(inner);
                FileMeta meta = listed.orElseGet(() -> hostMeta(p));
                // Host metadata comes from lstat, so its kind is the host file's; a listing's kind is checked.
                if (meta.kind() == EntryKind.FILE
                        && (listed.isEmpty() || Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
                    out.add(Artifact.ofFile(layer, inner, meta, p));
                } else if (meta.kind() == EntryKind.SYMLINK && meta.linkTarget().isEmpty()) {
                    out.add(Artifact.ofEntry(layer, inner, meta.withLinkTarget(Files.readSymbolicLink(p).toString())));
                } else {
                    out.add(Artifact.ofEntry(layer, inner, meta));
                }
            }

            private String inner(Path p) {
                StringBuilder sb = new StringBuilder();
                for (Path seg : root.relativize(p)) {
                    sb.append('/').append(seg);
                }
                return sb.length() == 0 ? "/" : sb.toString();
            }
        });
        return out;
    }

    /** The host's own metadata, without following links. */
    static FileMeta hostMeta(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
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
