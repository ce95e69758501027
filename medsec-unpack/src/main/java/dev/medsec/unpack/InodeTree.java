package dev.medsec.unpack;

import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tree of a log-structured flash filesystem (JFFS2, UBIFS) from its directory entries: walked from the root
 * inode without recursion, each directory inode once (a second link to one is a loop and not followed), a file
 * inode reached again becomes a hard link to its first path, and names that could climb out are refused.
 */
final class InodeTree {
    /** A directory entry: {@code inode} named {@code name} in directory {@code parent}. */
    record Entry(long parent, long inode, String name) {
    }

    /** What the filesystem says of one inode. */
    interface Inodes {
        /** The entry's metadata; null when the inode is missing (said in errors by the caller). */
        FileMeta meta(Entry e, String path) throws IOException;

        /** A file's content, or a symbolic link's target; null when it cannot be read (said in errors). */
        InputStream content(Entry e, String path) throws IOException;
    }

    private InodeTree() {
    }

    private record Pending(long inode, String path) {
    }

    static void write(String format, long root, Map<Long, List<Entry>> children, Inodes inodes, LayerWriter out) throws IOException {
        Set<Long> seen = new HashSet<>();
        Map<Long, String> firstPath = new HashMap<>();
        Deque<Pending> todo = new ArrayDeque<>();
        todo.add(new Pending(root, ""));
        seen.add(root);
        while (!todo.isEmpty()) {
            Pending dir = todo.poll();
            List<Entry> list = new ArrayList<>(children.getOrDefault(dir.inode(), List.of()));
            list.sort(Comparator.comparing(Entry::name));
            for (Entry e : list) {
                if (e.name().isEmpty() || e.name().equals(".") || e.name().equals("..") || e.name().indexOf('/') >= 0) {
                    out.error(format + " entry with an unusable name in " + LayerWriter.printable(dir.path()) + "; skipped");
                    continue;
                }
                String path = dir.path() + "/" + e.name();
                FileMeta meta = inodes.meta(e, path);
                if (meta == null) {
                    continue;
                }
                switch (meta.kind()) {
                    case DIRECTORY -> {
                        out.directory(path, meta);
                        if (seen.add(e.inode())) {
                            todo.add(new Pending(e.inode(), path));
                        } else {
                            out.error(format + " directory " + LayerWriter.printable(path) + " is linked twice (a loop); not followed");
                        }
                    }
                    case FILE -> {
                        if (firstPath.containsKey(e.inode())) {
                            out.hardlink(path, meta, firstPath.get(e.inode()));
                            continue;
                        }
                        InputStream content = inodes.content(e, path);
                        if (content != null) {
                            firstPath.put(e.inode(), path);
                            out.file(path, meta, content, RatioGuard.none());
                        }
                    }
                    case SYMLINK -> {
                        InputStream target = inodes.content(e, path);
                        if (target != null) {
                            out.symlink(path, meta, new String(target.readNBytes(4096), StandardCharsets.UTF_8));
                        }
                    }
                    default -> out.special(path, meta);
                }
            }
        }
    }

}
