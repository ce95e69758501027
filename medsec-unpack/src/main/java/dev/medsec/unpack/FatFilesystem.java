package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * FAT12, FAT16 and FAT32 (Microsoft's FAT specification, with VFAT long names): the boot partition of most
 * device SD cards and of every UEFI system partition. The BIOS parameter block decides the FAT type by its
 * cluster count, as the specification says; every cluster chain is followed with loop detection and a length
 * bound from the file size, directories are walked without recursion and each directory cluster is read once.
 * A file whose clusters are contiguous is a region of the image (no copy); a fragmented one is copied through
 * the sandbox.
 */
final class FatFilesystem {
    /** The FAT itself is read into memory: larger than this is refused. */
    static final int MAX_FAT_BYTES = 64 << 20;
    private static final int MAX_DIRECTORY_BYTES = 16 << 20;

    private final ByteSource src;
    private final Artifact image;
    private final LayerWriter out;
    private final int bytesPerSector;
    private final long clusterSize;
    private final long dataStart;
    private final long clusters;
    private final int fatBits;
    private final ByteBuffer fat;
    private final long rootDirStart;
    private final long rootDirBytes;
    private final long rootCluster;

    private FatFilesystem(ByteSource src, Artifact image, LayerWriter out) throws IOException {
        this.src = src;
        this.image = image;
        this.out = out;
        ByteBuffer b = src.readFully(0, 512, "FAT boot sector");
        bytesPerSector = b.getShort(11) & 0xffff;
        int perCluster = b.get(13) & 0xff;
        int reserved = b.getShort(14) & 0xffff;
        int fats = b.get(16) & 0xff;
        int rootEntries = b.getShort(17) & 0xffff;
        long total = (b.getShort(19) & 0xffff) != 0 ? b.getShort(19) & 0xffff : Integer.toUnsignedLong(b.getInt(32));
        long fatSectors = (b.getShort(22) & 0xffff) != 0 ? b.getShort(22) & 0xffff : Integer.toUnsignedLong(b.getInt(36));
        if (Integer.bitCount(bytesPerSector) != 1 || bytesPerSector < 512 || bytesPerSector > 4096
                || perCluster == 0 || Integer.bitCount(perCluster) != 1 || reserved == 0 || fats == 0 || fatSectors == 0 || total == 0) {
            throw new MalformedLayoutException("FAT boot sector: impossible BIOS parameter block");
        }
        clusterSize = (long) bytesPerSector * perCluster;
        long rootSectors = ((long) rootEntries * 32 + bytesPerSector - 1) / bytesPerSector;
        long firstData = reserved + fats * fatSectors + rootSectors;
        if (firstData >= total) {
            throw new MalformedLayoutException("FAT: the data area starts beyond the volume's " + total + " sectors");
        }
        clusters = (total - firstData) / perCluster;
        fatBits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
        dataStart = firstData * bytesPerSector;
        long fatBytes = fatSectors * bytesPerSector;
        long needed = (clusters + 2) * fatBits / 8 + 2;
        if (fatBytes > MAX_FAT_BYTES || needed > fatBytes) {
            throw new MalformedLayoutException("FAT of " + fatBytes + " bytes is too large or too small for " + clusters + " clusters");
        }
        fat = src.readFully((long) reserved * bytesPerSector, (int) fatBytes, "file allocation table");
        rootDirStart = (reserved + fats * fatSectors) * bytesPerSector;
        rootDirBytes = rootSectors * bytesPerSector;
        rootCluster = fatBits == 32 ? Integer.toUnsignedLong(b.getInt(44)) & 0x0fffffffL : 0;
    }

    /** Reads the whole tree into {@code out}. */
    static void read(ByteSource src, Artifact image, LayerWriter out) throws IOException {
        new FatFilesystem(src, image, out).walk();
    }

    /** "fat12", "fat16" or "fat32", as the cluster count decides. */
    static String typeOf(ByteSource src) throws IOException {
        return "fat" + new FatFilesystem(src, null, null).fatBits;
    }

    private record Dir(String path, long cluster) {
    }

    private void walk() throws IOException {
        BitSet seenDirs = new BitSet();
        Deque<Dir> todo = new ArrayDeque<>();
        todo.add(new Dir("", rootCluster));
        while (!todo.isEmpty()) {
            Dir d = todo.poll();
            ByteBuffer entries = d.cluster == 0 && fatBits != 32 ? src.readFully(rootDirStart, (int) rootDirBytes, "FAT root directory")
                    : chainBytes(d.cluster, MAX_DIRECTORY_BYTES, "directory " + d.path);
            entries(d.path, entries, todo, seenDirs);
        }
    }

    private void entries(String dir, ByteBuffer b, Deque<Dir> todo, BitSet seenDirs) throws IOException {
        StringBuilder lfn = new StringBuilder();
        int lfnChecksum = -1;
        for (int off = 0; off + 32 <= b.limit(); off += 32) {
            int first = b.get(off) & 0xff;
            if (first == 0) {
                return;
            }
            int attr = b.get(off + 11) & 0xff;
            if (first == 0xe5) {
                lfn.setLength(0);
                continue;
            }
            if ((attr & 0x3f) == 0x0f) {
                if ((first & 0x40) != 0) {
                    lfn.setLength(0);
                }
                lfnChecksum = b.get(off + 13) & 0xff;
                lfn.insert(0, lfnPart(b, off));
                continue;
            }
            if ((attr & 0x08) != 0) {
                lfn.setLength(0);
                continue; // volume label
            }
            byte[] shortName = new byte[11];
            b.get(off, shortName);
            String name = lfn.length() > 0 && lfnChecksum == shortNameChecksum(shortName) ? lfn.toString()
                    : shortName(shortName, b.get(off + 12) & 0xff);
            lfn.setLength(0);
            if (name.equals(".") || name.equals("..") || name.isEmpty()) {
                continue;
            }
            String path = dir + "/" + name;
            long cluster = (b.getShort(off + 26) & 0xffffL) | (fatBits == 32 ? (b.getShort(off + 20) & 0xffffL) << 16 : 0);
            long size = Integer.toUnsignedLong(b.getInt(off + 28));
            if ((attr & 0x10) != 0) {
                out.directory(path, FileMeta.of(EntryKind.DIRECTORY));
                if (cluster >= 2 && cluster < clusters + 2 && !seenDirs.get((int) cluster)) {
                    seenDirs.set((int) cluster);
                    todo.add(new Dir(path, cluster));
                } else if (cluster >= 2) {
                    out.error("FAT directory " + LayerWriter.printable(path) + " points at a cluster already walked or outside the volume; not followed");
                }
                continue;
            }
            file(path, cluster, size);
        }
    }

    private void file(String path, long cluster, long size) throws IOException {
        if (size == 0) {
            out.memoryFile(path, FileMeta.of(EntryKind.FILE), new byte[0], 0);
            return;
        }
        List<long[]> runs = runs(cluster, size, path);
        if (runs == null) {
            return;
        }
        if (runs.size() == 1) {
            out.slice(image, path, runs.get(0)[0], size);
            return;
        }
        out.file(path, FileMeta.of(EntryKind.FILE), new RunStream(runs, size), RatioGuard.none());
    }

    /** The file's clusters as byte runs [offset, length], or null (with an error) when the chain is broken. */
    private List<long[]> runs(long cluster, long size, String what) throws IOException {
        long needed = (size + clusterSize - 1) / clusterSize;
        List<long[]> runs = new ArrayList<>();
        long c = cluster;
        for (long i = 0; i < needed; i++) {
            if (c < 2 || c >= clusters + 2) {
                out.error("FAT chain of " + LayerWriter.printable(what) + " breaks at cluster " + c + " after " + i + " of " + needed + " clusters; not extracted");
                return null;
            }
            long offset = dataStart + (c - 2) * clusterSize;
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[0] + last[1] == offset) {
                last[1] += clusterSize;
            } else {
                runs.add(new long[] {offset, clusterSize});
            }
            c = next(c);
        }
        long[] tail = runs.get(runs.size() - 1);
        tail[1] -= needed * clusterSize - size;
        if (tail[0] + tail[1] > src.size()) {
            out.error("FAT file " + LayerWriter.printable(what) + " lies past the end of the volume; not extracted");
            return null;
        }
        return runs;
    }

    /** A directory's bytes: its cluster chain, bounded by {@code max} (a chain that loops stops there). */
    private ByteBuffer chainBytes(long cluster, int max, String what) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        long c = cluster;
        long steps = 0;
        while (c >= 2 && c < clusters + 2) {
            if (buf.size() + clusterSize > max || ++steps > clusters) {
                out.error("FAT " + LayerWriter.printable(what) + ": cluster chain loops or exceeds " + max + " bytes; cut");
                break;
            }
            ByteBuffer part = src.read(dataStart + (c - 2) * clusterSize, (int) clusterSize);
            byte[] x = new byte[part.remaining()];
            part.get(x);
            buf.write(x, 0, x.length);
            c = next(c);
        }
        return ByteBuffer.wrap(buf.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    private long next(long c) {
        switch (fatBits) {
            case 12 -> {
                int at = (int) (c + c / 2);
                int v = (fat.get(at) & 0xff) | (fat.get(at + 1) & 0xff) << 8;
                v = (c & 1) == 0 ? v & 0xfff : v >>> 4;
                return v >= 0xff7 ? -1 : v;
            }
            case 16 -> {
                int v = fat.getShort((int) (c * 2)) & 0xffff;
                return v >= 0xfff7 ? -1 : v;
            }
            default -> {
                long v = Integer.toUnsignedLong(fat.getInt((int) (c * 4))) & 0x0fffffffL;
                return v >= 0x0ffffff7L ? -1 : v;
            }
        }
    }

    private static String lfnPart(ByteBuffer b, int off) {
        StringBuilder sb = new StringBuilder();
        int[][] ranges = {{1, 10}, {14, 25}, {28, 31}};
        for (int[] r : ranges) {
            for (int i = r[0]; i < r[1]; i += 2) {
                char c = (char) ((b.get(off + i) & 0xff) | (b.get(off + i + 1) & 0xff) << 8);
                if (c == 0 || c == 0xffff) {
                    return sb.toString();
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int shortNameChecksum(byte[] name) {
        int sum = 0;
        for (byte x : name) {
            sum = (((sum & 1) << 7) | ((sum & 0xff) >>> 1)) + (x & 0xff);
            sum &= 0xff;
        }
        return sum;
    }

    /**
     * "KERNEL  IMG" to "KERNEL.IMG" (0x05 in the first byte stands for 0xE5). Windows NT and mtools mark an all
     * lower-case base name or extension in byte 12 (0x08, 0x10) instead of writing a long name.
     */
    private static String shortName(byte[] n, int caseFlags) {
        byte[] c = n.clone();
        if ((c[0] & 0xff) == 0x05) {
            c[0] = (byte) 0xe5;
        }
        String base = new String(c, 0, 8, StandardCharsets.ISO_8859_1).stripTrailing();
        String ext = new String(c, 8, 3, StandardCharsets.ISO_8859_1).stripTrailing();
        if ((caseFlags & 0x08) != 0) {
            base = base.toLowerCase(java.util.Locale.ROOT);
        }
        if ((caseFlags & 0x10) != 0) {
            ext = ext.toLowerCase(java.util.Locale.ROOT);
        }
        return ext.isEmpty() ? base : base + "." + ext;
    }

    /** A fragmented file's bytes, run by run. */
    private final class RunStream extends InputStream {
        private final List<long[]> runs;
        private int run;
        private long inRun;

        RunStream(List<long[]> runs, long size) {
            this.runs = runs;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] dst, int off, int len) throws IOException {
            while (run < runs.size() && inRun >= runs.get(run)[1]) {
                run++;
                inRun = 0;
            }
            if (run >= runs.size()) {
                return -1;
            }
            long[] r = runs.get(run);
            int n = (int) Math.min(len, Math.min(r[1] - inRun, 1 << 20));
            ByteBuffer b = src.read(r[0] + inRun, n);
            int got = b.remaining();
            if (got == 0) {
                return -1;
            }
            b.get(dst, off, got);
            inRun += got;
            return got;
        }
    }
}
