package dev.medsec.unpack;

import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import io.airlift.compress.lzo.LzoDecompressor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * UBIFS (fs/ubifs/ubifs-media.h), the volume a UBI image carries: the superblock node gives the LEB size, the
 * newest valid master node the root of the index, and the index B-tree (walked without recursion, each node
 * once, CRCs checked) leads to the inode, directory-entry and data nodes of the last commit. Data is decoded
 * from LZO, zlib (raw deflate) or zstd. The journal written after the last commit is not replayed: an image
 * made by mkfs.ubifs has none, but a dump of a running device may miss its newest writes.
 */
final class UbifsFilesystem {
    static final int MAGIC = 0x06101831;
    private static final int CRC_INIT = 0xffffffff;
    private static final int INO_NODE = 0;
    private static final int DATA_NODE = 1;
    private static final int DENT_NODE = 2;
    private static final int SB_NODE = 6;
    private static final int MST_NODE = 7;
    private static final int IDX_NODE = 9;
    private static final int BLOCK = 4096;
    private static final int MAX_NODES = 4_000_000;
    private static final long MAX_FILE = 256L << 20;

    private final ByteSource src;
    private final LayerWriter out;
    private long lebSize;

    private record Inode(long size, int mode, int uid, int gid, byte[] data) {
    }

    private record Dent(long parent, long inum, String name) {
    }

    private record DataRef(long offset, int size, int comprType, int length) {
    }

    private final Map<Long, Inode> inodes = new HashMap<>();
    private final Map<Long, List<Dent>> children = new HashMap<>();
    private final Map<Long, TreeMap<Long, DataRef>> data = new HashMap<>();
    private int badNodes;

    private UbifsFilesystem(ByteSource src, LayerWriter out) {
        this.src = src;
        this.out = out;
    }

    static void read(ByteSource src, LayerWriter out) throws IOException {
        UbifsFilesystem fs = new UbifsFilesystem(src, out);
        fs.index();
        fs.build();
    }

    /** A node's common header, its CRC checked; null when it does not validate. */
    private ByteBuffer node(long offset, int expectedType, int maxLength) throws IOException {
        if (offset < 0 || offset + 24 > src.size()) {
            return null;
        }
        ByteBuffer h = src.read(offset, 24).order(ByteOrder.LITTLE_ENDIAN);
        int len = h.getInt(16);
        if (h.getInt(0) != MAGIC || len < 24 || len > maxLength || offset + len > src.size()
                || (expectedType >= 0 && (h.get(20) & 0xff) != expectedType)) {
            return null;
        }
        ByteBuffer n = src.readFully(offset, len, "UBIFS node").order(ByteOrder.LITTLE_ENDIAN);
        if (Crc32Raw.of(CRC_INIT, n, 8, len) != n.getInt(4)) {
            badNodes++;
            return null;
        }
        return n;
    }

    private void index() throws IOException {
        ByteBuffer sb = node(0, SB_NODE, 4096);
        if (sb == null) {
            throw new MalformedLayoutException("UBIFS: no valid superblock node at the start of the volume");
        }
        lebSize = Integer.toUnsignedLong(sb.getInt(36));
        int keyFormat = sb.get(27) & 0xff;
        if (lebSize < 4096 || lebSize > (2 << 20) || keyFormat != 0) {
            throw new MalformedLayoutException("UBIFS: unsupported LEB size " + lebSize + " or key format " + keyFormat);
        }
        // Master nodes are written one after another in LEB 1 (and LEB 2 as a copy): the valid one with the
        // highest sequence number is current.
        ByteBuffer master = null;
        long best = -1;
        for (long lnum = 1; lnum <= 2; lnum++) {
            for (long off = 0; off + 24 <= lebSize && lnum * lebSize + off + 24 <= src.size(); off += 8) {
                ByteBuffer m = node(lnum * lebSize + off, MST_NODE, 512);
                if (m == null) {
                    if (off > 0 && src.read(lnum * lebSize + off, 4).getInt(0) == -1) {
                        break; // the rest of the LEB is erased
                    }
                    continue;
                }
                if (m.getLong(8) > best) {
                    best = m.getLong(8);
                    master = m;
                }
                off += ((m.getInt(16) + 7) & ~7) - 8;
            }
        }
        if (master == null) {
            throw new MalformedLayoutException("UBIFS: no valid master node in LEB 1 or 2");
        }
        long rootLnum = Integer.toUnsignedLong(master.getInt(48));
        long rootOffs = Integer.toUnsignedLong(master.getInt(52));
        Set<Long> seen = new HashSet<>();
        Deque<long[]> todo = new ArrayDeque<>();
        todo.add(new long[] {rootLnum * lebSize + rootOffs, 0});
        int nodes = 0;
        while (!todo.isEmpty()) {
            long[] t = todo.poll();
            if (!seen.add(t[0]) || ++nodes > MAX_NODES) {
                continue;
            }
            ByteBuffer idx = node(t[0], IDX_NODE, (int) Math.min(lebSize, 1 << 20));
            if (idx == null) {
                out.error("UBIFS: index node at byte " + t[0] + " does not validate; its subtree is missing");
                continue;
            }
            int count = idx.getShort(24) & 0xffff;
            int level = idx.getShort(26) & 0xffff;
            int branch = 12 + 8;
            for (int i = 0; i < count && 28 + (i + 1) * branch <= idx.limit(); i++) {
                int at = 28 + i * branch;
                long lnum = Integer.toUnsignedLong(idx.getInt(at));
                long offs = Integer.toUnsignedLong(idx.getInt(at + 4));
                int len = idx.getInt(at + 8);
                long where = lnum * lebSize + offs;
                if (level > 0) {
                    todo.add(new long[] {where, level - 1});
                } else {
                    leaf(where, len);
                }
            }
        }
        if (badNodes > 0) {
            out.error("UBIFS: " + badNodes + " nodes with a bad CRC skipped");
        }
    }

    private void leaf(long where, int len) throws IOException {
        if (len < 24 || len > BLOCK * 2 + 1024) {
            return;
        }
        ByteBuffer n = node(where, -1, len);
        if (n == null) {
            return;
        }
        int type = n.get(20) & 0xff;
        long inum = Integer.toUnsignedLong(n.getInt(24));
        switch (type) {
            case INO_NODE -> {
                if (n.limit() >= 160) {
                    int dataLength = n.getInt(112);
                    byte[] d = new byte[Math.max(0, Math.min(dataLength, n.limit() - 160))];
                    n.get(160, d);
                    inodes.put(inum, new Inode(n.getLong(48), n.getInt(104), n.getInt(96), n.getInt(100), d));
                }
            }
            case DENT_NODE -> {
                if (n.limit() >= 56) {
                    int nlen = n.getShort(50) & 0xffff;
                    if (56 + nlen <= n.limit()) {
                        byte[] name = new byte[nlen];
                        n.get(56, name);
                        children.computeIfAbsent(inum, k -> new ArrayList<>())
                                .add(new Dent(inum, n.getLong(40), new String(name, StandardCharsets.UTF_8)));
                    }
                }
            }
            case DATA_NODE -> {
                if (n.limit() >= 48) {
                    long block = Integer.toUnsignedLong(n.getInt(28)) & 0x1fffffffL;
                    data.computeIfAbsent(inum, k -> new TreeMap<>())
                            .put(block, new DataRef(where + 48, n.getInt(40), n.getShort(44) & 0xffff, n.limit() - 48));
                }
            }
            default -> {
                // extended attributes, truncation and other nodes do not change the tree
            }
        }
    }

    private void build() throws IOException {
        Map<Long, List<InodeTree.Entry>> tree = new HashMap<>();
        children.forEach((parent, list) -> list.forEach(d ->
                tree.computeIfAbsent(parent, k -> new ArrayList<>()).add(new InodeTree.Entry(parent, d.inum(), d.name()))));
        InodeTree.write("UBIFS", 1, tree, new InodeTree.Inodes() {
            @Override
            public FileMeta meta(InodeTree.Entry e, String path) {
                Inode ino = inodes.get(e.inode());
                if (ino == null) {
                    out.error("UBIFS entry " + LayerWriter.printable(path) + " names inode " + e.inode() + ", which the index does not hold");
                    return null;
                }
                return FileMeta.of(LayerWriter.kindOfMode(ino.mode()), ino.mode() & 07777, ino.uid(), ino.gid());
            }

            @Override
            public InputStream content(InodeTree.Entry e, String path) {
                Inode ino = inodes.get(e.inode());
                if (LayerWriter.kindOfMode(ino.mode()) == EntryKind.SYMLINK) {
                    return new java.io.ByteArrayInputStream(ino.data());
                }
                if (ino.size() > MAX_FILE || ino.size() < 0) {
                    out.error("UBIFS file " + LayerWriter.printable(path) + " declares " + ino.size() + " bytes; not extracted");
                    return null;
                }
                return new FileStream(data.getOrDefault(e.inode(), new TreeMap<>()), ino.size(), path);
            }
        }, out);
    }

    /** A file's 4 KiB blocks in order, holes read as zeros, cut to the inode's size. */
    private final class FileStream extends BlockInputStream {
        private final TreeMap<Long, DataRef> blocks;
        private final long size;
        private final String path;
        private long produced;

        FileStream(TreeMap<Long, DataRef> blocks, long size, String path) {
            this.blocks = blocks;
            this.size = size;
            this.path = path;
        }

        @Override
        protected Block next() throws IOException {
            if (produced >= size) {
                return null;
            }
            long index = produced / BLOCK;
            DataRef ref = blocks.get(index);
            byte[] b = new byte[(int) Math.min(BLOCK, size - produced)];
            if (ref != null) {
                byte[] decoded = decode(ref);
                System.arraycopy(decoded, 0, b, 0, Math.min(decoded.length, b.length));
            }
            produced += b.length;
            return Block.of(b);
        }

        private byte[] decode(DataRef ref) throws IOException {
            if (ref.size() < 0 || ref.size() > BLOCK || ref.length() < 0 || ref.length() > BLOCK * 2) {
                throw new MalformedLayoutException("UBIFS file " + LayerWriter.printable(path) + ": data node of " + ref.size() + " bytes");
            }
            ByteBuffer c = src.readFully(ref.offset(), ref.length(), "UBIFS data");
            byte[] in = new byte[c.remaining()];
            c.get(in);
            byte[] outBuf = new byte[ref.size()];
            switch (ref.comprType()) {
                case 0 -> System.arraycopy(in, 0, outBuf, 0, Math.min(in.length, outBuf.length));
                case 1 -> {
                    try {
                        new LzoDecompressor().decompress(in, 0, in.length, outBuf, 0, outBuf.length);
                    } catch (io.airlift.compress.MalformedInputException | IndexOutOfBoundsException e) {
                        throw new MalformedLayoutException("UBIFS file " + LayerWriter.printable(path) + ": corrupt LZO block");
                    }
                }
                case 2 -> outBuf = Inflation.inflate(in, outBuf.length, true, true, "UBIFS file " + LayerWriter.printable(path));
                case 3 -> {
                    try (InputStream z = new com.github.luben.zstd.ZstdInputStream(new java.io.ByteArrayInputStream(in))) {
                        z.readNBytes(outBuf, 0, outBuf.length);
                    }
                }
                default -> throw new MalformedLayoutException("UBIFS file " + LayerWriter.printable(path) + ": compression " + ref.comprType());
            }
            return outBuf;
        }
    }
}
