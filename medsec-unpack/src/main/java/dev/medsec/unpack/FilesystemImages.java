package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.ImagePaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Filesystem images unpacked by the reference tools (squashfs-tools' unsquashfs, e2fsprogs' debugfs), one
 * process per image, never per file. Metadata comes from the tool's listing, because extraction by a non-root
 * user loses ownership and setuid bits, and device nodes are listed but never extracted. Output size is capped
 * per file with RLIMIT_FSIZE (ulimit -f) to the remaining byte budget and the run has a wall-clock limit.
 */
final class FilesystemImages {
    private static final Pattern LLN = Pattern.compile(
            "^([-dlcbps])([-rwxsStT]{9})\\s+(\\d+)/(\\d+)\\s+(\\d+|\\d+,\\s*\\d+)\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s(.*)$");
    private static final String SQUASHFS_ROOT = "squashfs-root";

    private FilesystemImages() {
    }

    /**
     * @param region the image's bytes: a whole file, or a region of one (a partition, a carved squashfs), which
     *               unsquashfs reads at its offset ({@code -o}) without a copy
     */
    static List<Artifact> squashfs(Artifact.HostRegion region, String layer, Sandbox sandbox, BiConsumer<String, String> errors)
            throws IOException {
        requireTool("unsquashfs", "squashfs-tools");
        Path image = region.file();
        List<String> offset = region.offset() == 0 ? List.of() : List.of("-o", Long.toString(region.offset()));
        List<String> listCmd = new ArrayList<>(List.of("unsquashfs", "-lln"));
        listCmd.addAll(offset);
        listCmd.add(image.toString());
        String listing = run(sandbox, listCmd, sandbox.root());
        Map<String, FileMeta> metas = new HashMap<>();
        List<String> extract = new ArrayList<>();
        long declaredBytes = 0;
        for (String line : listing.split("\n")) {
            Matcher m = LLN.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String pathPart = m.group(6);
            String target = null;
            if (m.group(1).equals("l")) {
                int arrow = pathPart.indexOf(" -> ");
                if (arrow < 0) {
                    continue;
                }
                target = pathPart.substring(arrow + 4);
                pathPart = pathPart.substring(0, arrow);
            }
            if (!pathPart.equals(SQUASHFS_ROOT) && !pathPart.startsWith(SQUASHFS_ROOT + "/")) {
                continue;
            }
            Optional<String> inner = ImagePaths.normalize(pathPart.substring(SQUASHFS_ROOT.length()));
            if (inner.isEmpty() || inner.get().equals("/")) {
                continue;
            }
            EntryKind kind = kindOfLetter(m.group(1));
            FileMeta meta = FileMeta.of(kind, modeOf(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            if (target != null) {
                meta = meta.withLinkTarget(target);
            }
            metas.put(inner.get(), meta);
            if (kind == EntryKind.FILE) {
                declaredBytes += Long.parseLong(m.group(5));
                extract.add(escapeGlob(inner.get().substring(1)));
            }
        }
        checkDeclaredSize(region.length(), declaredBytes, sandbox);
        Sandbox.ToolDirectory tool = sandbox.newToolDirectory("sq", declaredBytes);
        Path out = tool.dir().resolve("root");
        Path list = out.getParent().resolve("extract.list");
        Files.write(list, String.join("\n", extract).concat("\n").getBytes(StandardCharsets.UTF_8));
        if (!extract.isEmpty()) {
            List<String> cmd = new ArrayList<>(List.of("unsquashfs", "-no-progress", "-no-xattrs", "-d", out.toString(),
                    "-ef", list.toString()));
            cmd.addAll(offset);
            cmd.add(image.toString());
            run(sandbox, cmd, out.getParent());
        } else {
            Files.createDirectory(out);
        }
        return collect(out, layer, sandbox, tool, metas, errors);
    }

    /**
     * @param region the image's bytes; a region of a larger file (a partition) is opened in place with the
     *               unix I/O manager's {@code ?offset=} option, without a copy
     */
    static List<Artifact> ext(Artifact.HostRegion region, String layer, Sandbox sandbox, BiConsumer<String, String> errors)
            throws IOException {
        requireTool("debugfs", "e2fsprogs");
        String image = region.offset() == 0 ? region.file().toString() : region.file() + "?offset=" + region.offset();
        if (region.file().toString().indexOf('?') >= 0) {
            throw new IOException("cannot open an ext image whose host path contains '?'");
        }
        checkDeclaredSize(region.length(), 0, sandbox);
        Sandbox.ToolDirectory tool = sandbox.newToolDirectory("ext", extUsedBytes(region));
        Path out = tool.dir().resolve("root");
        Files.createDirectory(out);
        ExtListing listing = listExt(image, sandbox, out.getParent(), errors);
        dropSparseGiants(listing, region.length(), sandbox, errors);
        if (listing.declaredBytes > sandbox.remainingBytes()) {
            throw new LimitExceededException("filesystem image declares " + listing.declaredBytes
                    + " bytes of files, more than the remaining byte budget");
        }
        if (listing.avoided.isEmpty()) {
            run(sandbox, List.of("debugfs", "-R", "rdump / " + out, image), out.getParent());
        } else {
            // "rdump /" would follow a directory hard link (a cycle is written out again and again: two links
            // in one directory double the tree at every level) and write a dropped file: extract around them.
            extractAround(image, out, listing, sandbox);
        }
        return collect(out, layer, sandbox, tool, listing.metas, errors);
    }

    /**
     * ext stores file data as it is, so files declaring more than the image's expansion limit are sparse files —
     * and debugfs writes their holes out as zeros: an 8 MiB image with a 16 GiB sparse file is a bomb. The
     * largest such files are dropped, each with an error entry, until the rest fits; the image's other files
     * are still extracted.
     */
    private static void dropSparseGiants(ExtListing listing, long imageBytes, Sandbox sandbox, BiConsumer<String, String> errors) {
        long limit = sandbox.expansionLimit(imageBytes);
        if (listing.declaredBytes <= limit) {
            return;
        }
        List<Map.Entry<String, Long>> bySize = new ArrayList<>(listing.fileSizes.entrySet());
        bySize.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (Map.Entry<String, Long> f : bySize) {
            if (listing.declaredBytes <= limit) {
                break;
            }
            listing.declaredBytes -= f.getValue();
            listing.metas.remove(f.getKey());
            listing.avoided.add(f.getKey());
            errors.accept(f.getKey(), "member dropped: it declares " + f.getValue() + " bytes in a " + imageBytes
                    + "-byte ext image (a sparse file, whose holes would be written out as zeros), beyond 1:"
                    + sandbox.limits().maxRatio());
        }
    }

    /**
     * Extraction of an image with entries to avoid (directory hard links, dropped sparse files): every directory
     * on the way to one is created here and its entries are extracted one by one — subdirectories free of them
     * with one {@code rdump} each, files with {@code dump}, symbolic links read with {@code stat} (a slow link's
     * target with {@code dump}) — all in one debugfs process; the avoided entries themselves are skipped.
     */
    private static void extractAround(String image, Path out, ExtListing listing, Sandbox sandbox) throws IOException {
        java.util.Set<String> onTheWay = new java.util.TreeSet<>();
        for (String h : listing.avoided) {
            for (String d = ImagePaths.parent(h); ; d = ImagePaths.parent(d)) {
                onTheWay.add(d);
                if (d.equals("/")) {
                    break;
                }
            }
        }
        StringBuilder cmds = new StringBuilder();
        Map<String, Path> slowLinks = new HashMap<>();
        for (Map.Entry<String, FileMeta> e : listing.metas.entrySet()) {
            String path = e.getKey();
            String parent = ImagePaths.parent(path);
            if (!onTheWay.contains(parent) || listing.avoided.contains(path) || !quotable(path)) {
                continue;
            }
            Path host = out.resolve(path.substring(1));
            switch (e.getValue().kind()) {
                case DIRECTORY -> {
                    if (onTheWay.contains(path)) {
                        Files.createDirectories(host);
                    } else {
                        Files.createDirectories(host.getParent());
                        cmds.append("rdump \"").append(path).append("\" \"").append(host.getParent()).append("\"\n");
                    }
                }
                case FILE -> {
                    Files.createDirectories(host.getParent());
                    cmds.append("dump \"").append(path).append("\" \"").append(host).append("\"\n");
                }
                case SYMLINK -> {
                    cmds.append("stat \"").append(path).append("\"\n");
                    Path target = out.getParent().resolve("link-" + slowLinks.size());
                    slowLinks.put(path, target);
                    cmds.append("dump \"").append(path).append("\" \"").append(target).append("\"\n");
                }
                default -> {
                    // device nodes and fifos are metadata only
                }
            }
        }
        Path cmdFile = out.getParent().resolve("extract.cmds");
        Files.writeString(cmdFile, cmds);
        String output = run(sandbox, List.of("debugfs", "-f", cmdFile.toString(), image), out.getParent());
        Map<String, String> fastLinks = new HashMap<>();
        String current = null;
        for (String line : output.split("\n")) {
            if (line.startsWith("debugfs: stat ")) {
                current = line.substring("debugfs: stat ".length()).replace("\"", "");
            } else if (current != null && line.startsWith("Fast link dest: ")) {
                String t = line.substring("Fast link dest: ".length());
                fastLinks.put(current, t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t);
            }
        }
        for (Map.Entry<String, Path> e : slowLinks.entrySet()) {
            String target = fastLinks.get(e.getKey());
            if (target == null && Files.isRegularFile(e.getValue()) && Files.size(e.getValue()) <= 4096) {
                target = Files.readString(e.getValue(), StandardCharsets.ISO_8859_1);
            }
            Files.deleteIfExists(e.getValue());
            if (target != null) {
                listing.metas.put(e.getKey(), listing.metas.get(e.getKey()).withLinkTarget(target));
            }
        }
    }

    private static boolean quotable(String path) {
        return path.indexOf('"') < 0 && path.indexOf('\n') < 0 && path.indexOf('\\') < 0;
    }

    /** What the inode walk of an ext image found: every entry's metadata, and the bytes its files declare. */
    private static final class ExtListing {
        final Map<String, FileMeta> metas = new HashMap<>();
        /** Directory hard links and dropped files: never extracted. */
        final java.util.Set<String> avoided = new java.util.TreeSet<>();
        /** Regular files and their declared sizes. */
        final Map<String, Long> fileSizes = new HashMap<>();
        long declaredBytes;
    }

    /**
     * Lists the tree breadth-first with {@code ls -p} (one debugfs process per directory level, never per file):
     * inode, mode, owner and size of every entry. A directory whose inode is already in the tree is a directory
     * hard link — in a crafted image a cycle — and is reported, not followed; the walk stops at
     * {@link DirectoryWalker#MAX_DEPTH} levels.
     */
    private static ExtListing listExt(String image, Sandbox sandbox, Path workDir, BiConsumer<String, String> errors)
            throws IOException {
        ExtListing out = new ExtListing();
        Map<Long, String> directoryInodes = new HashMap<>();
        directoryInodes.put(2L, "/");
        List<String> level = List.of("/");
        int depth = 0;
        while (!level.isEmpty()) {
            if (depth >= DirectoryWalker.MAX_DEPTH) {
                level.forEach(d -> errors.accept(d, "directory not walked: nested deeper than " + DirectoryWalker.MAX_DEPTH + " levels"));
                break;
            }
            StringBuilder cmds = new StringBuilder();
            List<String> asked = new ArrayList<>();
            for (String d : level) {
                if (quotable(d)) {
                    cmds.append("ls -p \"").append(d).append("\"\n");
                    asked.add(d);
                } else {
                    errors.accept(d, "directory not walked: its name cannot be passed to debugfs");
                }
            }
            Path cmdFile = workDir.resolve("list.cmds");
            Files.writeString(cmdFile, cmds);
            String listing = run(sandbox, List.of("debugfs", "-f", cmdFile.toString(), image), workDir);
            List<String> next = new ArrayList<>();
            String current = null;
            for (String line : listing.split("\n")) {
                if (line.startsWith("debugfs: ls -p ")) {
                    current = line.substring("debugfs: ls -p ".length()).replace("\"", "");
                    continue;
                }
                // debugfs exits 0 whatever happens: its complaints are the only sign of a damaged image
                if (line.startsWith("ext2fs_open") || line.contains("Filesystem not open")
                        || depth == 0 && line.startsWith("ls: ")) {
                    throw new IOException("ext image cannot be read: " + LayerWriter.printable(line.strip()));
                }
                if (line.startsWith("ls: ") && current != null) {
                    errors.accept(current, "directory not listed: debugfs: " + LayerWriter.printable(line.substring(4).strip()));
                    continue;
                }
                if (current == null || !line.startsWith("/")) {
                    continue;
                }
                String[] f = line.split("/", -1);
                if (f.length < 8 || f[5].equals(".") || f[5].equals("..") || f[5].isEmpty()) {
                    continue;
                }
                try {
                    long inode = Long.parseLong(f[1]);
                    int mode = Integer.parseInt(f[2], 8);
                    Optional<String> inner = ImagePaths.normalize(current + "/" + f[5]);
                    if (inner.isEmpty() || out.metas.containsKey(inner.get())) {
                        continue;
                    }
                    EntryKind kind = LayerWriter.kindOfMode(mode);
                    if (kind == EntryKind.DIRECTORY) {
                        String first = directoryInodes.putIfAbsent(inode, inner.get());
                        if (first != null) {
                            errors.accept(inner.get(), "directory hard link to inode " + inode + " (also " + first
                                    + (inner.get().startsWith(first + "/") ? ", an ancestor: a cycle" : "") + "); not followed");
                            out.avoided.add(inner.get());
                            continue;
                        }
                        next.add(inner.get());
                    } else if (kind == EntryKind.FILE && !f[6].isEmpty()) {
                        long size = Long.parseLong(f[6]);
                        out.declaredBytes += size;
                        out.fileSizes.put(inner.get(), size);
                    }
                    out.metas.put(inner.get(), FileMeta.of(kind, mode, Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                } catch (NumberFormatException e) {
                    // a line that is not an entry
                }
            }
            level = next;
            depth++;
        }
        return out;
    }

    /**
     * An upper bound of the file data an ext image holds, from its superblock: (blocks - free blocks) x block size
     * (the image size when the superblock cannot be read).
     */
    static long extUsedBytes(Artifact.HostRegion region) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(region.file(), java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer sb = java.nio.ByteBuffer.allocate(1024).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(sb, region.offset() + 1024);
            long blocks = Integer.toUnsignedLong(sb.getInt(4)) | (Integer.toUnsignedLong(sb.getInt(0x150)) << 32);
            long free = Integer.toUnsignedLong(sb.getInt(12)) | (Integer.toUnsignedLong(sb.getInt(0x158)) << 32);
            int log = sb.getInt(24);
            boolean is64 = (sb.getInt(0x60) & 0x80) != 0;
            if (!is64) {
                blocks &= 0xffffffffL;
                free &= 0xffffffffL;
            }
            if (log < 0 || log > 6 || free > blocks) {
                return region.length();
            }
            return Math.min(region.length(), (blocks - free) * (1024L << log));
        } catch (IOException | RuntimeException e) {
            return region.length();
        }
    }

    /** Walks the tool's output and adds the listed entries it did not extract (device nodes, fifos). */
    private static List<Artifact> collect(Path out, String layer, Sandbox sandbox, Sandbox.ToolDirectory tool,
                                          Map<String, FileMeta> metas, BiConsumer<String, String> errors) throws IOException {
        long written = 0;
        try (Stream<Path> walk = Files.walk(out)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    written += Files.size(p);
                }
            }
        }
        sandbox.settle(tool, written);
        sandbox.charge(written);
        sandbox.chargeExpansion(layer, written);
        List<Artifact> found = DirectoryWalker.walk(out, layer, sandbox,
                inner -> Optional.ofNullable(metas.get(inner)).map(m -> m), errors);
        java.util.Set<String> seen = new java.util.HashSet<>();
        found.forEach(a -> seen.add(a.innerPath()));
        for (Map.Entry<String, FileMeta> e : metas.entrySet()) {
            if (!seen.contains(e.getKey()) && e.getValue().kind() != EntryKind.FILE) {
                sandbox.countEntry();
                found.add(Artifact.ofEntry(layer, e.getKey(), e.getValue()));
            } else if (!seen.contains(e.getKey())) {
                errors.accept(e.getKey(), "listed in the filesystem image but not extracted");
            }
        }
        return found;
    }

    /** Refuses images whose declared content exceeds the budget or the ratio before anything is written. */
    private static void checkDeclaredSize(long imageBytes, long declaredBytes, Sandbox sandbox) throws IOException {
        long size = Math.max(1, imageBytes);
        if (declaredBytes > sandbox.remainingBytes()) {
            throw new LimitExceededException("filesystem image declares " + declaredBytes
                    + " bytes of files, more than the remaining byte budget");
        }
        if (declaredBytes > UnpackLimits.RATIO_GRACE_BYTES && declaredBytes / size > sandbox.limits().maxRatio()) {
            throw new LimitExceededException("compression ratio of filesystem image exceeds 1:" + sandbox.limits().maxRatio());
        }
    }

    private static void requireTool(String tool, String pkg) throws IOException {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        throw new IOException("cannot unpack: '" + tool + "' (Debian package " + pkg + ") is not installed");
    }

    /** Runs a tool with a per-file size cap and a wall-clock limit; returns its standard output. */
    private static String run(Sandbox sandbox, List<String> command, Path workDir) throws IOException {
        long blocks = Math.max(1, sandbox.remainingBytes() / 1024);
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", "ulimit -f " + blocks + " && exec \"$@\"", "medsec-unpack"));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
        Process p = pb.start();
        sandbox.track(p);
        try {
            return waitFor(sandbox, command, workDir, p);
        } finally {
            sandbox.untrack(p);
        }
    }

    private static String waitFor(Sandbox sandbox, List<String> command, Path workDir, Process p) throws IOException {
        p.getOutputStream().close();
        Path log = workDir.resolve("tool-" + System.nanoTime() + ".out");
        Thread drain = new Thread(() -> {
            try {
                Files.copy(p.getInputStream(), log);
            } catch (IOException e) {
                // the exit status tells whether the tool succeeded
            }
        }, "medsec-tool-output");
        drain.start();
        try {
            if (!p.waitFor(sandbox.limits().toolTimeoutSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out after " + sandbox.limits().toolTimeoutSeconds() + " s");
            }
            drain.join(10_000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        }
        String output = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        Files.deleteIfExists(log);
        if (p.exitValue() != 0) {
            String last = output.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("");
            throw new IOException(command.get(0) + " failed (exit " + p.exitValue() + "): " + LayerWriter.printable(last));
        }
        return output;
    }

    private static EntryKind kindOfLetter(String c) {
        return switch (c) {
            case "d" -> EntryKind.DIRECTORY;
            case "l" -> EntryKind.SYMLINK;
            case "c" -> EntryKind.CHAR_DEVICE;
            case "b" -> EntryKind.BLOCK_DEVICE;
            case "p" -> EntryKind.FIFO;
            case "s" -> EntryKind.SOCKET;
            default -> EntryKind.FILE;
        };
    }

    /** "rwsr-xr-x" to 04755. */
    static int modeOf(String perms) {
        int mode = 0;
        for (int i = 0; i < 9; i++) {
            char c = perms.charAt(i);
            int bit = 1 << (8 - i);
            if (c == 'r' || c == 'w' || c == 'x' || c == 's' || c == 't') {
                mode |= bit;
            }
        }
        char u = perms.charAt(2);
        char g = perms.charAt(5);
        char o = perms.charAt(8);
        if (u == 's' || u == 'S') {
            mode |= 04000;
        }
        if (g == 's' || g == 'S') {
            mode |= 02000;
        }
        if (o == 't' || o == 'T') {
            mode |= 01000;
        }
        return mode;
    }

    /** unsquashfs matches extract-list lines as wildcards: escape the wildcard characters of real names. */
    private static String escapeGlob(String name) {
        return name.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }
}
