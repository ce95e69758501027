package dev.medsec.unpack;

import dev.medsec.core.ScanError;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.ImagePaths;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the entries of one archive into artifacts of one layer. Names are normalised and refused when they
 * climb out of the root; links and device nodes are recorded as metadata and never created, so nothing can
 * be written through a link; an entry below a recorded symbolic link is refused for the same reason.
 */
final class LayerWriter {
    private final Sandbox sandbox;
    private final String layer;
    private final Consumer<ScanError> errors;
    /** Created at the first member written to disk: most compressed single files stay in memory. */
    private Path dir;
    /** The layer's directory on the memory-backed filesystem, made at the first member (null: none or spent). */
    private Path memoryDir;
    private boolean memoryTried;
    private final Map<String, Artifact> artifacts = new LinkedHashMap<>();
    private final Set<String> symlinks = new HashSet<>();

    LayerWriter(Sandbox sandbox, String layer, Consumer<ScanError> errors) {
        this.sandbox = sandbox;
        this.layer = layer;
        this.errors = errors;
    }

    private Path dir() throws IOException {
        if (dir == null) {
            dir = sandbox.newDirectory("L");
        }
        return dir;
    }

    private Path diskDir() {
        try {
            return dir();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String layer() {
        return layer;
    }

    List<Artifact> artifacts() {
        return new ArrayList<>(artifacts.values());
    }

    void error(String message) {
        errors.accept(new ScanError(layer.isEmpty() ? "/" : layer, ScanError.Stage.UNPACK, message));
    }

    private Optional<String> accept(String rawName) throws LimitExceededException {
        sandbox.countEntry();
        Optional<String> path = ImagePaths.normalize(rawName);
        if (path.isEmpty()) {
            error("entry refused, its name climbs out of the archive root: " + printable(rawName));
            return Optional.empty();
        }
        String p = path.get();
        if (p.equals("/")) {
            return Optional.empty();
        }
        for (String ancestor = ImagePaths.parent(p); !ancestor.equals("/"); ancestor = ImagePaths.parent(ancestor)) {
            if (symlinks.contains(ancestor)) {
                error("entry refused, it lies below the symbolic link " + printable(ancestor) + ": " + printable(p));
                return Optional.empty();
            }
        }
        return path;
    }

    void directory(String rawName, FileMeta meta) throws LimitExceededException {
        Optional<String> p = accept(rawName);
        p.ifPresent(path -> put(Artifact.ofEntry(layer, path, meta)));
    }

    void symlink(String rawName, FileMeta meta, String target) throws LimitExceededException {
        Optional<String> p = accept(rawName);
        if (p.isPresent()) {
            symlinks.add(p.get());
            put(Artifact.ofEntry(layer, p.get(), meta.withLinkTarget(target)));
        }
    }

    /** A hard link shares the content of an earlier entry of the same archive; never one outside it. */
    void hardlink(String rawName, FileMeta meta, String rawTarget) throws LimitExceededException {
        Optional<String> p = accept(rawName);
        if (p.isEmpty()) {
            return;
        }
        Optional<String> target = ImagePaths.normalize(rawTarget);
        FileMeta linkMeta = meta.withLinkTarget(rawTarget);
        Artifact link = Artifact.ofEntry(layer, p.get(), linkMeta);
        Artifact existing = target.map(artifacts::get).orElse(null);
        if (existing != null && existing.hasContent()) {
            link = link.withContentOf(existing);
        } else {
            error("hard link " + printable(p.get()) + " points to " + printable(rawTarget)
                    + ", which is not an earlier file of this archive; recorded without content");
        }
        put(link);
    }

    /** Device nodes, fifos, sockets: recorded, never created. */
    void special(String rawName, FileMeta meta) throws LimitExceededException {
        accept(rawName).ifPresent(path -> put(Artifact.ofEntry(layer, path, meta)));
    }

    /**
     * Writes a regular file. A member that breaks the ratio budget is dropped with an error and the archive
     * goes on; exhausting the scan's byte or entry budget ends the archive (the exception propagates).
     */
    void file(String rawName, FileMeta meta, InputStream content, RatioGuard guard) throws IOException {
        Optional<String> p = accept(rawName);
        if (p.isEmpty()) {
            return;
        }
        try {
            if (!memoryTried) {
                memoryTried = true;
                memoryDir = sandbox.newMemoryDirectory("M");
            }
            Path host = sandbox.writePreferMemory(memoryDir, this::diskDir, p.get(), content, guard);
            put(Artifact.ofFile(layer, p.get(), meta, host));
            sandbox.chargeExpansion(layer, java.nio.file.Files.size(host));
        } catch (LimitExceededException e) {
            if (e.getMessage().startsWith("compression ratio")) {
                error("member " + printable(p.get()) + " dropped: " + e.getMessage());
                throw new RatioExceeded(e.getMessage());
            }
            throw e;
        } catch (IOException | java.io.UncheckedIOException e) {
            error("member " + printable(p.get()) + " not extracted: " + e.getMessage());
        }
    }

    /**
     * A member that is a region of {@code parent}'s content (a partition, a carved structure): recorded without
     * copying a byte, so it costs an entry of the budget and no bytes.
     */
    Optional<Artifact> slice(Artifact parent, String rawName, long offset, long length) throws LimitExceededException {
        return slice(parent, rawName, offset, length, FileMeta.of(EntryKind.FILE));
    }

    /** Like {@link #slice(Artifact, String, long, long)} with the metadata the filesystem declares. */
    Optional<Artifact> slice(Artifact parent, String rawName, long offset, long length, FileMeta meta) throws LimitExceededException {
        Optional<String> p = accept(rawName);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        Artifact a = Artifact.slice(parent, layer, p.get(), meta, offset, length);
        put(a);
        return Optional.of(a);
    }

    /** A member held in memory: the first {@code length} bytes of {@code buffer} (copied). */
    void memoryFile(String rawName, FileMeta meta, byte[] buffer, int length) throws LimitExceededException {
        Optional<String> p = accept(rawName);
        if (p.isPresent()) {
            put(Artifact.ofBytes(layer, p.get(), meta, buffer, length));
        }
    }

    private void put(Artifact a) {
        artifacts.put(a.innerPath(), a);
    }

    /** Control characters and overlong names are shown escaped and cut, so an error line stays one line. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 200; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.length() >= 200 ? sb + "..." : sb.toString();
    }

    /**
     * The ratio budget stopped a member of a stream-compressed archive: the stream cannot be resynchronised,
     * so the rest of that archive is abandoned too (already recorded as an error).
     */
    static final class RatioExceeded extends LimitExceededException {
        private static final long serialVersionUID = 1L;

        RatioExceeded(String message) {
            super(message);
        }
    }

    static FileMeta meta(EntryKind kind, long mode, long uid, long gid, String user, String group, long mtimeSeconds) {
        FileMeta m = FileMeta.of(kind, (int) (mode & 07777), (int) Math.min(uid, Integer.MAX_VALUE),
                (int) Math.min(gid, Integer.MAX_VALUE));
        m = m.withNames(Optional.ofNullable(user).filter(s -> !s.isEmpty()),
                Optional.ofNullable(group).filter(s -> !s.isEmpty()));
        return mtimeSeconds > 0 ? m.withMtime(mtimeSeconds) : m;
    }

    /** Entry kind from the S_IFMT bits of a Unix mode (cpio, zip external attributes). */
    static EntryKind kindOfMode(long mode) {
        return switch ((int) (mode & 0170000)) {
            case 0040000 -> EntryKind.DIRECTORY;
            case 0120000 -> EntryKind.SYMLINK;
            case 0020000 -> EntryKind.CHAR_DEVICE;
            case 0060000 -> EntryKind.BLOCK_DEVICE;
            case 0010000 -> EntryKind.FIFO;
            case 0140000 -> EntryKind.SOCKET;
            case 0100000, 0 -> EntryKind.FILE;
            default -> EntryKind.OTHER;
        };
    }
}
