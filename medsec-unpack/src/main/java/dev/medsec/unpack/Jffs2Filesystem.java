package dev.medsec.unpack;

import dev.medsec.core.image.FileMeta;
import io.airlift.compress.lzo.LzoDecompressor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * JFFS2 (include/uapi/linux/jffs2.h, fs/jffs2) in either byte order, as the kernel mounts it: every node of the
 * log is read, those whose header or node CRC fails are skipped (as the kernel does), the newest version of each
 * directory entry wins and a deleted one (inode 0) hides the name, and a file is the data nodes of its inode laid
 * over one another in version order. Data compressed with zlib, LZO, rtime or zero-fill is decoded; rubin and
 * LZMA nodes are named in errors. The tree is built from the root inode without recursion, each inode once.
 */
final class Jffs2Filesystem {
    private static final int DIRENT = 0xe001;
    private static final int INODE = 0xe002;
    private static final int MAX_NODES = 2_000_000;
    /** A file larger than this is not assembled in memory. */
    private static final long MAX_FILE = 256L << 20;

    private final ByteSource src;
    private final LayerWriter out;
    private ByteOrder order;

    private record Dirent(long pino, long version, long ino, int type, String name) {
    }

    private record DataNode(long offset, long version, int mode, int uid, int gid, long isize, long dataOffset,
                            int csize, int dsize, int compr) {
    }

    private final Map<Long, List<Dirent>> children = new HashMap<>();
    private final Map<Long, List<DataNode>> inodes = new HashMap<>();
    private int skipped;

    private Jffs2Filesystem(ByteSource src, LayerWriter out) {
        this.src = src;
        this.out = out;
    }

    static void read(ByteSource src, LayerWriter out) throws IOException {
        Jffs2Filesystem fs = new Jffs2Filesystem(src, out);
        fs.scan();
        fs.build();
    }

    private void scan() throws IOException {
        Map<String, Dirent> newest = new HashMap<>();
        long pos = 0;
        int nodes = 0;
        while (pos + 12 <= src.size() && nodes < MAX_NODES) {
            ByteBuffer h = src.read(pos, 12);
            int b0 = h.get(0) & 0xff;
            int b1 = h.get(1) & 0xff;
            if (order == null) {
                order = b0 == 0x85 && b1 == 0x19 ? ByteOrder.LITTLE_ENDIAN : b0 == 0x19 && b1 == 0x85 ? ByteOrder.BIG_ENDIAN : null;
            }
            h.order(order == null ? ByteOrder.LITTLE_ENDIAN : order);
            if (order == null || (h.getShort(0) & 0xffff) != 0x1985) {
                pos += 4;
                continue;
            }
            int type = h.getShort(2) & 0xffff;
            long totlen = Integer.toUnsignedLong(h.getInt(4));
            if (Crc32Raw.of(0, h, 0, 8) != h.getInt(8) || totlen < 12 || totlen > src.size() - pos) {
                skipped++;
                pos += 4;
                continue;
            }
            nodes++;
            if (type == DIRENT && totlen >= 40) {
                dirent(pos, totlen, newest);
            } else if (type == INODE && totlen >= 68) {
                inode(pos, totlen);
            }
            pos = (pos + totlen + 3) & ~3L;
        }
        if (order == null) {
            throw new MalformedLayoutException("JFFS2: no node found");
        }
        for (Dirent d : newest.values()) {
            if (d.ino() != 0) {
                children.computeIfAbsent(d.pino(), k -> new ArrayList<>()).add(d);
            }
        }
        if (skipped > 0) {
            out.error("JFFS2: " + skipped + " nodes with a bad CRC or length skipped, as the kernel skips them");
        }
    }

    private void dirent(long pos, long totlen, Map<String, Dirent> newest) throws IOException {
        ByteBuffer d = src.read(pos, (int) Math.min(totlen, 40 + 255)).order(order);
        if (Crc32Raw.of(0, d, 0, 32) != d.getInt(32)) {
            skipped++;
            return;
        }
        int nsize = d.get(28) & 0xff;
        if (40 + nsize > totlen || 40 + nsize > d.limit()) {
            skipped++;
            return;
        }
        byte[] name = new byte[nsize];
        d.get(40, name);
        Dirent e = new Dirent(u32(d, 12), u32(d, 16), u32(d, 20), d.get(29) & 0xff, new String(name, StandardCharsets.UTF_8));
        newest.merge(e.pino() + "/" + e.name(), e, (a, b) -> a.version() >= b.version() ? a : b);
    }

    private void inode(long pos, long totlen) throws IOException {
        ByteBuffer n = src.read(pos, 68).order(order);
        if (Crc32Raw.of(0, n, 0, 60) != n.getInt(64)) {
            skipped++;
            return;
        }
        int csize = n.getInt(48);
        int dsize = n.getInt(52);
        if (csize < 0 || dsize < 0 || 68L + csize > totlen) {
            skipped++;
            return;
        }
        DataNode node = new DataNode(pos + 68, u32(n, 16), n.getInt(20), n.getShort(24) & 0xffff, n.getShort(26) & 0xffff,
                u32(n, 28), u32(n, 44), csize, dsize, n.get(56) & 0xff);
        inodes.computeIfAbsent(u32(n, 12), k -> new ArrayList<>()).add(node);
    }

    private void build() throws IOException {
        Map<Long, List<InodeTree.Entry>> tree = new HashMap<>();
        children.forEach((parent, list) -> list.forEach(d ->
                tree.computeIfAbsent(parent, k -> new ArrayList<>()).add(new InodeTree.Entry(parent, d.ino(), d.name()))));
        Map<Long, Integer> direntTypes = new HashMap<>();
        children.values().forEach(list -> list.forEach(d -> direntTypes.put(d.ino(), d.type())));
        InodeTree.write("JFFS2", 1, tree, new InodeTree.Inodes() {
            @Override
            public FileMeta meta(InodeTree.Entry e, String path) {
                DataNode last = newest(e.inode());
                int mode = last != null ? last.mode() : direntTypes.getOrDefault(e.inode(), 8) == 4 ? 040755 : 0100644;
                return last != null ? FileMeta.of(LayerWriter.kindOfMode(mode), mode & 07777, last.uid(), last.gid())
                        : FileMeta.of(LayerWriter.kindOfMode(mode));
            }

            @Override
            public java.io.InputStream content(InodeTree.Entry e, String path) throws IOException {
                List<DataNode> nodes = new ArrayList<>(inodes.getOrDefault(e.inode(), List.of()));
                nodes.sort(Comparator.comparingLong(DataNode::version));
                byte[] content = Jffs2Filesystem.this.content(path, nodes, newest(e.inode()));
                return content == null ? null : new ByteArrayInputStream(content);
            }
        }, out);
    }

    private DataNode newest(long ino) {
        return inodes.getOrDefault(ino, List.of()).stream().max(Comparator.comparingLong(DataNode::version)).orElse(null);
    }

    /** The inode's data nodes laid over one another, oldest first, cut to the newest node's size. */
    private byte[] content(String path, List<DataNode> nodes, DataNode last) throws IOException {
        if (last == null) {
            return new byte[0];
        }
        if (last.isize() > MAX_FILE) {
            out.error("JFFS2 file " + LayerWriter.printable(path) + " declares " + last.isize() + " bytes; not extracted");
            return null;
        }
        byte[] file = new byte[(int) last.isize()];
        for (DataNode n : nodes) {
            if (n.dsize() == 0 || n.dataOffset() >= file.length) {
                continue;
            }
            byte[] data;
            try {
                data = decode(n);
            } catch (IOException e) {
                out.error("JFFS2 file " + LayerWriter.printable(path) + ": " + e.getMessage());
                return null;
            }
            int len = (int) Math.min(data.length, file.length - n.dataOffset());
            System.arraycopy(data, 0, file, (int) n.dataOffset(), len);
        }
        return file;
    }

    private byte[] decode(DataNode n) throws IOException {
        if (n.dsize() > (4 << 20) || n.csize() > (4 << 20)) {
            throw new MalformedLayoutException("data node of " + n.dsize() + " bytes");
        }
        if (n.compr() == 1) {
            return new byte[n.dsize()];
        }
        ByteBuffer c = src.readFully(n.offset(), n.csize(), "JFFS2 data");
        byte[] in = new byte[c.remaining()];
        c.get(in);
        switch (n.compr()) {
            case 0, 4 -> {
                return java.util.Arrays.copyOf(in, n.dsize());
            }
            case 2 -> {
                return rtime(in, n.dsize());
            }
            case 6 -> {
                return Inflation.inflate(in, n.dsize(), false, false, "zlib node");
            }
            case 7 -> {
                byte[] outBuf = new byte[n.dsize()];
                try {
                    int k = new LzoDecompressor().decompress(in, 0, in.length, outBuf, 0, outBuf.length);
                    if (k != n.dsize()) {
                        throw new MalformedLayoutException("LZO node decoded to " + k + " bytes, not " + n.dsize());
                    }
                } catch (io.airlift.compress.MalformedInputException | IndexOutOfBoundsException e) {
                    throw new MalformedLayoutException("corrupt LZO node");
                }
                return outBuf;
            }
            default -> throw new MalformedLayoutException("data compressed with JFFS2 method " + n.compr() + " (rubin or LZMA) is not decoded");
        }
    }

    /** fs/jffs2/compr_rtime.c: each byte, then a repeat count copied from where that byte value was last seen. */
    static byte[] rtime(byte[] in, int dsize) throws MalformedLayoutException {
        byte[] out = new byte[dsize];
        int[] positions = new int[256];
        int outpos = 0;
        int pos = 0;
        while (outpos < dsize) {
            if (pos + 2 > in.length) {
                throw new MalformedLayoutException("rtime data ends early");
            }
            int value = in[pos++] & 0xff;
            out[outpos++] = (byte) value;
            int repeat = in[pos++] & 0xff;
            int back = positions[value];
            positions[value] = outpos;
            if (repeat > dsize - outpos) {
                throw new MalformedLayoutException("rtime repeat runs past the node");
            }
            for (int i = 0; i < repeat; i++) {
                out[outpos++] = out[back++];
            }
        }
        return out;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }
}
