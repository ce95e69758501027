package dev.medsec.unpack;

import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;

/**
 * cramfs (linux/cramfs_fs.h), in either byte order: the superblock (at 0, or at 512 behind a boot sector), 12-byte
 * inodes whose bit fields hold mode, owner, size, name length and data offset, directories as runs of inodes,
 * and files as an array of block end pointers followed by zlib-compressed 4 KiB pages (uncompressed pages too,
 * with the extended block pointers of Linux 4.15). Directories are walked without recursion, each directory
 * offset once; every pointer is checked against the image before use.
 */
final class CramfsFilesystem {
    static final int MAGIC = 0x28cd3d45;
    private static final int PAGE = 4096;
    private static final int FLAG_EXT_BLOCK_POINTERS = 0x800;
    private static final long MAX_FILE = 1L << 31;

    private final ByteSource src;
    private final LayerWriter out;
    private final ByteOrder order;
    private final long base;
    private final long size;
    private final int flags;

    private CramfsFilesystem(ByteSource src, LayerWriter out) throws IOException {
        this.src = src;
        this.out = out;
        long at = 0;
        ByteBuffer sb = src.readFully(0, 76, "cramfs superblock");
        if (!hasMagic(sb) && src.size() >= 512 + 76) {
            at = 512;
            sb = src.readFully(512, 76, "cramfs superblock");
        }
        if (!hasMagic(sb)) {
            throw new MalformedLayoutException("cramfs: no superblock magic");
        }
        this.order = sb.order(ByteOrder.LITTLE_ENDIAN).getInt(0) == MAGIC ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        sb.order(order);
        this.base = at;
        long declared = Integer.toUnsignedLong(sb.getInt(4));
        this.size = Math.min(declared, src.size());
        this.flags = sb.getInt(8);
        if ((flags & ~0x000007ff & ~FLAG_EXT_BLOCK_POINTERS) != 0) {
            throw new MalformedLayoutException("cramfs: unsupported feature flags 0x" + Integer.toHexString(flags));
        }
    }

    private static boolean hasMagic(ByteBuffer sb) {
        int le = sb.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        return le == MAGIC || Integer.reverseBytes(le) == MAGIC;
    }

    static void read(ByteSource src, LayerWriter out) throws IOException {
        new CramfsFilesystem(src, out).walk();
    }

    /** One inode: the bit fields unpacked by the image's byte order. */
    private record Inode(int mode, int uid, long size, int gid, int nameLength, long offset) {
    }

    private Inode inode(long at) throws IOException {
        ByteBuffer b = src.readFully(at, 12, "cramfs inode").order(order);
        long w0 = Integer.toUnsignedLong(b.getInt(0));
        long w1 = Integer.toUnsignedLong(b.getInt(4));
        long w2 = Integer.toUnsignedLong(b.getInt(8));
        if (order == ByteOrder.LITTLE_ENDIAN) {
            return new Inode((int) (w0 & 0xffff), (int) (w0 >>> 16), w1 & 0xffffff, (int) (w1 >>> 24),
                    (int) (w2 & 0x3f) * 4, (w2 >>> 6) * 4);
        }
        return new Inode((int) (w0 >>> 16), (int) (w0 & 0xffff), w1 >>> 8, (int) (w1 & 0xff),
                (int) (w2 >>> 26) * 4, (w2 & 0x3ffffff) * 4);
    }

    private record Dir(String path, long offset, long size) {
    }

    private void walk() throws IOException {
        Inode root = inode(base + 64);
        BitSet seen = new BitSet();
        Deque<Dir> todo = new ArrayDeque<>();
        todo.add(new Dir("", root.offset(), root.size()));
        while (!todo.isEmpty()) {
            Dir d = todo.poll();
            if (d.offset() == 0 && d.size() == 0) {
                continue;
            }
            if (d.offset() + d.size() > size || d.offset() / 4 > Integer.MAX_VALUE || seen.get((int) (d.offset() / 4))) {
                out.error("cramfs directory " + LayerWriter.printable(d.path()) + " lies outside the image or was walked already; skipped");
                continue;
            }
            seen.set((int) (d.offset() / 4));
            long at = d.offset();
            long end = d.offset() + d.size();
            while (at + 12 <= end) {
                Inode n = inode(at);
                if (n.nameLength() == 0 || at + 12 + n.nameLength() > end) {
                    out.error("cramfs directory " + LayerWriter.printable(d.path()) + " has an entry with a bad name length; rest skipped");
                    break;
                }
                ByteBuffer nb = src.readFully(at + 12, n.nameLength(), "cramfs name");
                byte[] raw = new byte[n.nameLength()];
                nb.get(raw);
                int len = 0;
                while (len < raw.length && raw[len] != 0) {
                    len++;
                }
                String path = d.path() + "/" + new String(raw, 0, len, StandardCharsets.UTF_8);
                at += 12 + n.nameLength();
                entry(path, n, todo);
            }
        }
    }

    private void entry(String path, Inode n, Deque<Dir> todo) throws IOException {
        EntryKind kind = LayerWriter.kindOfMode(n.mode());
        FileMeta meta = FileMeta.of(kind, n.mode() & 07777, n.uid(), n.gid());
        switch (kind) {
            case DIRECTORY -> {
                out.directory(path, meta);
                todo.add(new Dir(path, n.offset(), n.size()));
            }
            case FILE -> out.file(path, meta, content(n, path), RatioGuard.none());
            case SYMLINK -> {
                byte[] target = content(n, path).readNBytes(4096);
                out.symlink(path, meta, new String(target, StandardCharsets.UTF_8));
            }
            default -> out.special(path, meta);
        }
    }

    /** A file's pages, decompressed one at a time. */
    private InputStream content(Inode n, String path) throws IOException {
        if (n.size() == 0) {
            return InputStream.nullInputStream();
        }
        long blocks = (n.size() + PAGE - 1) / PAGE;
        if (n.size() > MAX_FILE || n.offset() + blocks * 4 > size) {
            throw new MalformedLayoutException("cramfs file " + LayerWriter.printable(path) + ": block pointers outside the image");
        }
        return new BlockInputStream() {
            private long block;
            private long start = n.offset() + blocks * 4;

            @Override
            protected Block next() throws IOException {
                if (block >= blocks) {
                    return null;
                }
                long ptr = Integer.toUnsignedLong(src.readFully(n.offset() + block * 4, 4, "cramfs block pointer").order(order).getInt(0));
                boolean uncompressed = false;
                if ((flags & FLAG_EXT_BLOCK_POINTERS) != 0) {
                    uncompressed = (ptr & 0x80000000L) != 0;
                    if ((ptr & 0x40000000L) != 0) {
                        throw new MalformedLayoutException("cramfs file " + LayerWriter.printable(path) + ": direct block pointers are not supported");
                    }
                    ptr &= 0x3fffffffL;
                }
                long end = ptr;
                int expected = (int) Math.min(PAGE, n.size() - block * PAGE);
                if (end < start || end > size || end - start > PAGE * 2L) {
                    throw new MalformedLayoutException("cramfs file " + LayerWriter.printable(path) + ": block " + block + " pointer out of range");
                }
                ByteBuffer data = src.readFully(start, (int) (end - start), "cramfs block");
                byte[] in = new byte[data.remaining()];
                data.get(in);
                byte[] page;
                if (uncompressed) {
                    page = java.util.Arrays.copyOf(in, expected);
                } else if (in.length == 0) {
                    page = new byte[expected]; // a hole
                } else {
                    page = Inflation.inflate(in, expected, false, false, "cramfs file " + LayerWriter.printable(path));
                }
                start = end;
                block++;
                return Block.of(page);
            }
        };
    }

}
