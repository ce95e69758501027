package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * ISO 9660 (ECMA-119) with the Rock Ridge extensions (SUSP/RRIP 1.12: PX modes and owners, NM long names, SL
 * symbolic links, CE continuation areas, CL relocated directories) and, where there is no Rock Ridge, Joliet's
 * UCS-2 names from the supplementary volume descriptor. Files are contiguous extents: each is a region of the
 * image, nothing is copied. Directories are walked without recursion, each extent once; every extent is checked
 * against the volume before it is read.
 */
final class Iso9660Filesystem {
    private static final int SECTOR = 2048;
    private static final int MAX_DESCRIPTORS = 64;
    private static final int MAX_DIRECTORY = 16 << 20;
    private static final int MAX_CONTINUATIONS = 16;

    private final ByteSource src;
    private final Artifact image;
    private final LayerWriter out;
    private int blockSize = SECTOR;
    private boolean joliet;
    private int suspSkip;
    private boolean rockRidge;

    private Iso9660Filesystem(ByteSource src, Artifact image, LayerWriter out) {
        this.src = src;
        this.image = image;
        this.out = out;
    }

    static void read(ByteSource src, Artifact image, LayerWriter out) throws IOException {
        new Iso9660Filesystem(src, image, out).walk();
    }

    private record Dir(String path, long extent, long length) {
    }

    private void walk() throws IOException {
        ByteBuffer primaryRoot = null;
        ByteBuffer jolietRoot = null;
        for (int i = 0; i < MAX_DESCRIPTORS; i++) {
            ByteBuffer d = src.readFully((16L + i) * SECTOR, SECTOR, "ISO 9660 volume descriptor");
            int type = d.get(0) & 0xff;
            if (!(d.get(1) == 'C' && d.get(2) == 'D' && d.get(3) == '0' && d.get(4) == '0' && d.get(5) == '1')) {
                throw new MalformedLayoutException("ISO 9660: volume descriptor " + i + " has no CD001 identifier");
            }
            if (type == 255) {
                break;
            }
            if (type == 1 && primaryRoot == null) {
                blockSize = d.getShort(128) & 0xffff;
                primaryRoot = d.duplicate().position(156).limit(156 + 34).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            } else if (type == 2 && d.get(88) == '%' && d.get(89) == '/' && (d.get(90) == '@' || d.get(90) == 'C' || d.get(90) == 'E')) {
                jolietRoot = d.duplicate().position(156).limit(156 + 34).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            }
        }
        if (primaryRoot == null) {
            throw new MalformedLayoutException("ISO 9660: no primary volume descriptor");
        }
        if (blockSize != 512 && blockSize != 1024 && blockSize != 2048) {
            throw new MalformedLayoutException("ISO 9660: logical block size " + blockSize);
        }
        detectRockRidge(primaryRoot);
        ByteBuffer root = !rockRidge && jolietRoot != null ? jolietRoot : primaryRoot;
        joliet = root == jolietRoot;
        Set<Long> seen = new HashSet<>();
        Deque<Dir> todo = new ArrayDeque<>();
        todo.add(new Dir("", u32(root, 2), u32(root, 10)));
        while (!todo.isEmpty()) {
            Dir d = todo.poll();
            if (!seen.add(d.extent())) {
                out.error("ISO 9660 directory " + LayerWriter.printable(d.path()) + " was walked already (a loop); skipped");
                continue;
            }
            if (d.length() > MAX_DIRECTORY || d.extent() * blockSize + d.length() > src.size()) {
                out.error("ISO 9660 directory " + LayerWriter.printable(d.path()) + " lies outside the image; skipped");
                continue;
            }
            directory(d, src.readFully(d.extent() * blockSize, (int) d.length(), "ISO 9660 directory"), todo);
        }
    }

    /** Rock Ridge is announced by an SUSP "SP" entry in the root directory's "." record. */
    private void detectRockRidge(ByteBuffer root) throws IOException {
        long extent = u32(root, 2);
        if (extent * blockSize + 34 > src.size()) {
            return;
        }
        ByteBuffer dot = src.read(extent * blockSize, SECTOR);
        int len = dot.get(0) & 0xff;
        int nameLength = dot.get(32) & 0xff;
        int su = 33 + nameLength + ((nameLength & 1) == 0 ? 1 : 0);
        if (len >= su + 7 && dot.get(su) == 'S' && dot.get(su + 1) == 'P' && (dot.get(su + 4) & 0xff) == 0xbe
                && (dot.get(su + 5) & 0xff) == 0xef) {
            rockRidge = true;
            suspSkip = dot.get(su + 6) & 0xff;
        }
    }

    private void directory(Dir d, ByteBuffer b, Deque<Dir> todo) throws IOException {
        int pos = 0;
        while (pos < b.limit()) {
            int len = b.get(pos) & 0xff;
            if (len == 0) {
                pos = (pos / blockSize + 1) * blockSize; // records never cross a block: the rest is padding
                continue;
            }
            if (len < 34 || pos + len > b.limit()) {
                out.error("ISO 9660 directory " + LayerWriter.printable(d.path()) + " has a malformed record; rest skipped");
                return;
            }
            ByteBuffer r = b.duplicate().position(pos).limit(pos + len).slice().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            pos += len;
            int nameLength = r.get(32) & 0xff;
            if (33 + nameLength > len) {
                out.error("ISO 9660 directory " + LayerWriter.printable(d.path()) + " has a name past its record; skipped");
                continue;
            }
            if (nameLength == 1 && (r.get(33) == 0 || r.get(33) == 1)) {
                continue; // "." and ".."
            }
            record(d.path(), r, nameLength, todo);
        }
    }

    /** What the system use area of one record says (Rock Ridge). */
    private static final class RockRidge {
        String name;
        Integer mode;
        int uid = -1;
        int gid = -1;
        String symlink;
        long childLink = -1;
        boolean relocated;
    }

    private void record(String dir, ByteBuffer r, int nameLength, Deque<Dir> todo) throws IOException {
        byte[] raw = new byte[nameLength];
        r.get(33, raw);
        int flags = r.get(25) & 0xff;
        long extent = u32(r, 2);
        long length = u32(r, 10);
        RockRidge rr = new RockRidge();
        if (rockRidge && !joliet) {
            int su = 33 + nameLength + ((nameLength & 1) == 0 ? 1 : 0) + suspSkip;
            susp(r, su, rr, 0);
        }
        if (rr.relocated) {
            return; // shown where its CL entry points from
        }
        String name = rr.name != null ? rr.name : joliet ? new String(raw, StandardCharsets.UTF_16BE) : new String(raw, StandardCharsets.ISO_8859_1);
        if (rr.name == null) {
            int semi = name.indexOf(';');
            name = semi >= 0 ? name.substring(0, semi) : name;
            if (name.endsWith(".") && (flags & 0x02) == 0) {
                name = name.substring(0, name.length() - 1);
            }
        }
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0) {
            out.error("ISO 9660 entry with an unusable name in " + LayerWriter.printable(dir) + "; skipped");
            return;
        }
        String path = dir + "/" + name;
        FileMeta meta = rr.mode != null ? FileMeta.of(LayerWriter.kindOfMode(rr.mode), rr.mode & 07777, Math.max(rr.uid, 0), Math.max(rr.gid, 0))
                : FileMeta.of((flags & 0x02) != 0 || rr.childLink >= 0 ? EntryKind.DIRECTORY : EntryKind.FILE);
        if (rr.childLink >= 0) {
            out.directory(path, meta.kind() == EntryKind.DIRECTORY ? meta : FileMeta.of(EntryKind.DIRECTORY));
            ByteBuffer moved = src.readFully(rr.childLink * blockSize, 34, "ISO 9660 relocated directory").order(java.nio.ByteOrder.LITTLE_ENDIAN);
            todo.add(new Dir(path, u32(moved, 2), u32(moved, 10)));
            return;
        }
        if (rr.symlink != null) {
            out.symlink(path, meta, rr.symlink);
            return;
        }
        if ((flags & 0x02) != 0) {
            out.directory(path, meta);
            todo.add(new Dir(path, extent, length));
            return;
        }
        if (meta.kind() != EntryKind.FILE) {
            out.special(path, meta);
            return;
        }
        if ((flags & 0x80) != 0) {
            out.error("ISO 9660 file " + LayerWriter.printable(path) + " spans several extents; not extracted");
            return;
        }
        long start = extent * blockSize;
        if (length > 0 && (start > src.size() || length > src.size() - start)) {
            out.error("ISO 9660 file " + LayerWriter.printable(path) + " lies outside the image; not extracted");
            return;
        }
        out.slice(image, path, length == 0 ? 0 : start, length, meta);
    }

    /** SUSP entries from {@code at} to the record's end, following CE continuation areas a bounded number of times. */
    private void susp(ByteBuffer r, int at, RockRidge rr, int depth) throws IOException {
        StringBuilder name = null;
        StringBuilder link = null;
        int p = at;
        long ceBlock = -1;
        long ceOffset = 0;
        long ceLength = 0;
        while (p + 4 <= r.limit()) {
            int len = r.get(p + 2) & 0xff;
            if (len < 4 || p + len > r.limit()) {
                break;
            }
            String sig = "" + (char) r.get(p) + (char) r.get(p + 1);
            switch (sig) {
                case "PX" -> {
                    if (len >= 36) {
                        rr.mode = (int) u32(r, p + 4);
                        rr.uid = (int) u32(r, p + 20);
                        rr.gid = (int) u32(r, p + 28);
                    }
                }
                case "NM" -> {
                    int f = r.get(p + 4) & 0xff;
                    if ((f & 0x06) == 0) {
                        name = name == null ? new StringBuilder() : name;
                        name.append(ascii(r, p + 5, len - 5));
                    }
                }
                case "SL" -> link = symlinkPart(r, p, len, link == null ? new StringBuilder() : link);
                case "CE" -> {
                    if (len >= 28) {
                        ceBlock = u32(r, p + 4);
                        ceOffset = u32(r, p + 12);
                        ceLength = u32(r, p + 20);
                    }
                }
                case "CL" -> {
                    if (len >= 12) {
                        rr.childLink = u32(r, p + 4);
                    }
                }
                case "RE" -> rr.relocated = true;
                case "ST" -> p = r.limit();
                default -> {
                    // other entries (TF times, RR, PN device numbers, ER) do not change what is extracted
                }
            }
            p += len;
        }
        if (name != null) {
            rr.name = (rr.name == null ? "" : rr.name) + name;
        }
        if (link != null) {
            rr.symlink = (rr.symlink == null ? "" : rr.symlink) + link;
        }
        if (ceBlock >= 0 && depth < MAX_CONTINUATIONS && ceLength <= SECTOR && ceBlock * blockSize + ceOffset + ceLength <= src.size()) {
            ByteBuffer ce = src.readFully(ceBlock * blockSize + ceOffset, (int) ceLength, "Rock Ridge continuation area")
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            susp(ce, 0, rr, depth + 1);
        }
    }

    /** RRIP SL: component records (flags, length, content); flags mark ".", "..", "/" and continuation. */
    private static StringBuilder symlinkPart(ByteBuffer r, int p, int len, StringBuilder sb) {
        int c = p + 5;
        while (c + 2 <= p + len) {
            int flags = r.get(c) & 0xff;
            int clen = r.get(c + 1) & 0xff;
            if (c + 2 + clen > p + len) {
                break;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            if ((flags & 0x02) != 0) {
                sb.append('.');
            } else if ((flags & 0x04) != 0) {
                sb.append("..");
            } else if ((flags & 0x08) != 0) {
                sb.setLength(0);
                sb.append('/');
            } else {
                sb.append(ascii(r, c + 2, clen));
            }
            c += 2 + clen;
        }
        return sb;
    }

    private static String ascii(ByteBuffer b, int at, int n) {
        byte[] x = new byte[Math.max(0, n)];
        b.get(at, x);
        return new String(x, StandardCharsets.UTF_8);
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(at));
    }
}
