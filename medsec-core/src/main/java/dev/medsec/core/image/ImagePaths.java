package dev.medsec.core.image;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/** Image path arithmetic. Image paths are '/'-rooted strings, never host paths. */
public final class ImagePaths {
    /** Separator between an archive's image path and a member's path inside it. */
    public static final String LAYER_SEPARATOR = "!";

    private ImagePaths() {
    }

    /**
     * Normalises an entry name from an archive into a '/'-rooted path with no "." or ".." segments.
     * Returns empty when the name would climb above the root: such entries are refused, not clamped,
     * because a clamped name can overwrite a legitimate file.
     */
    public static Optional<String> normalize(String entryName) {
        if (entryName == null || entryName.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : entryName.replace('\\', '/').split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(seg);
            }
        }
        return Optional.of("/" + String.join("/", parts));
    }

    /** Resolves a link target written in the image relative to the directory of {@code linkPath}. */
    public static Optional<String> resolveLink(String linkPath, String target) {
        if (target.startsWith("/")) {
            return normalize(target);
        }
        return normalize(parent(linkPath) + "/" + target);
    }

    public static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    public static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Full image path of {@code innerPath} inside layer {@code layer} ("" for the target itself). */
    public static String join(String layer, String innerPath) {
        return layer.isEmpty() ? innerPath : layer + LAYER_SEPARATOR + innerPath;
    }
}
