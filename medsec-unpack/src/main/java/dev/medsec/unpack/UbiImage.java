package dev.medsec.unpack;

import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A UBI image (drivers/mtd/ubi/ubi-media.h, as ubinize writes it or a NAND dump holds it): erase counter and
 * volume identifier headers with their CRCs, the layout volume's table of volumes, and each volume's logical
 * erase blocks mapped to the physical one with the highest sequence number (a copy made by wear-levelling or an
 * interrupted update loses to the newer one, as in the kernel's attach). Each volume becomes a member named by
 * the volume table ({@code rootfs}), assembled block by block; a UBIFS volume is then opened by its own reader.
 */
final class UbiImage {
    private static final int EC_MAGIC = 0x55424923;
    private static final int VID_MAGIC = 0x55424921;
    private static final int LAYOUT_VOLUME = 0x7fffefff;
    private static final int MAX_VOLUMES = 128;
    private static final int CRC_INIT = 0xffffffff;

    private UbiImage() {
    }

    private record Leb(long peb, long sqnum, int dataSize) {
    }

    static void read(ByteSource src, LayerWriter out) throws IOException {
        ByteBuffer first = src.readFully(0, 64, "UBI erase counter header").order(ByteOrder.BIG_ENDIAN);
        if (first.getInt(0) != EC_MAGIC || Crc32Raw.of(CRC_INIT, first, 0, 60) != first.getInt(60)) {
            throw new MalformedLayoutException("UBI: first erase counter header does not validate");
        }
        long vidOffset = Integer.toUnsignedLong(first.getInt(16));
        long dataOffset = Integer.toUnsignedLong(first.getInt(20));
        long peb = pebSize(src);
        if (vidOffset < 64 || vidOffset + 64 > peb || dataOffset <= vidOffset || dataOffset >= peb) {
            throw new MalformedLayoutException("UBI: headers at impossible offsets (VID " + vidOffset + ", data " + dataOffset + ", PEB " + peb + ")");
        }
        long lebSize = peb - dataOffset;
        Map<Integer, TreeMap<Long, Leb>> volumes = new HashMap<>();
        Map<Integer, Integer> volumeTypes = new HashMap<>();
        int bad = 0;
        for (long p = 0; p * peb + peb <= src.size(); p++) {
            ByteBuffer ec = src.read(p * peb, 64).order(ByteOrder.BIG_ENDIAN);
            if (ec.getInt(0) != EC_MAGIC) {
                continue; // erased or bad block
            }
            ByteBuffer vid = src.read(p * peb + vidOffset, 64).order(ByteOrder.BIG_ENDIAN);
            if (vid.getInt(0) != VID_MAGIC) {
                continue; // a free PEB: erase counter only
            }
            if (Crc32Raw.of(CRC_INIT, vid, 0, 60) != vid.getInt(60)) {
                bad++;
                continue;
            }
            int volId = vid.getInt(8);
            long lnum = Integer.toUnsignedLong(vid.getInt(12));
            long sqnum = vid.getLong(40);
            int type = vid.get(5) & 0xff;
            int dataSize = vid.getInt(20);
            if (lnum > src.size() / peb || (volId != LAYOUT_VOLUME && (volId < 0 || volId >= MAX_VOLUMES))) {
                bad++;
                continue;
            }
            volumeTypes.put(volId, type);
            Leb leb = new Leb(p, sqnum, type == 2 ? dataSize : (int) lebSize);
            volumes.computeIfAbsent(volId, k -> new TreeMap<>()).merge(lnum, leb, (a, b) -> a.sqnum() >= b.sqnum() ? a : b);
        }
        if (bad > 0) {
            out.error("UBI: " + bad + " volume headers with a bad CRC or impossible fields skipped");
        }
        Map<Integer, String> names = volumeNames(src, volumes.get(LAYOUT_VOLUME), peb, dataOffset);
        for (var v : new TreeMap<>(volumes).entrySet()) {
            if (v.getKey() == LAYOUT_VOLUME) {
                continue;
            }
            String name = names.getOrDefault(v.getKey(), "vol" + v.getKey());
            out.file("/" + name, FileMeta.of(EntryKind.FILE), new VolumeStream(src, v.getValue(), peb, dataOffset, lebSize,
                    volumeTypes.get(v.getKey()) == 2), RatioGuard.none());
        }
    }

    /** The PEB size: the distance to the next erase counter header (a power of two from 16 KiB to 2 MiB). */
    private static long pebSize(ByteSource src) throws IOException {
        for (long s = 16 << 10; s <= (2 << 20); s <<= 1) {
            if (s + 4 <= src.size() && src.read(s, 4).order(ByteOrder.BIG_ENDIAN).getInt(0) == EC_MAGIC) {
                return s;
            }
        }
        throw new MalformedLayoutException("UBI: no second erase counter header at a power-of-two offset");
    }

    /** The layout volume's first LEB: 172-byte records, one per volume, each with its own CRC. */
    private static Map<Integer, String> volumeNames(ByteSource src, TreeMap<Long, Leb> layout, long peb, long dataOffset)
            throws IOException {
        Map<Integer, String> names = new HashMap<>();
        if (layout == null || layout.isEmpty()) {
            return names;
        }
        Leb leb = layout.firstEntry().getValue();
        ByteBuffer table = src.read(leb.peb() * peb + dataOffset, 172 * MAX_VOLUMES).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < MAX_VOLUMES && (i + 1) * 172 <= table.limit(); i++) {
            int at = i * 172;
            if (Crc32Raw.of(CRC_INIT, table, at, at + 168) != table.getInt(at + 168)) {
                continue;
            }
            int nameLength = table.getShort(at + 14) & 0xffff;
            if (table.getInt(at) == 0 || nameLength == 0 || nameLength > 127) {
                continue;
            }
            byte[] raw = new byte[nameLength];
            table.get(at + 16, raw);
            names.put(i, sanitize(new String(raw, StandardCharsets.UTF_8), i));
        }
        return names;
    }

    private static String sanitize(String name, int id) {
        String clean = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._]+", "");
        return clean.isEmpty() ? "vol" + id : clean;
    }

    /** A volume's logical blocks in order; unmapped ones read as erased flash (0xFF), as UBI returns them. */
    private static final class VolumeStream extends BlockInputStream {
        private final ByteSource src;
        private final TreeMap<Long, Leb> lebs;
        private final long peb;
        private final long dataOffset;
        private final long lebSize;
        private final boolean staticVolume;
        private final long lastLnum;
        private long lnum;

        VolumeStream(ByteSource src, TreeMap<Long, Leb> lebs, long peb, long dataOffset, long lebSize, boolean staticVolume) {
            this.src = src;
            this.lebs = lebs;
            this.peb = peb;
            this.dataOffset = dataOffset;
            this.lebSize = lebSize;
            this.staticVolume = staticVolume;
            this.lastLnum = lebs.isEmpty() ? -1 : lebs.lastKey();
        }

        @Override
        protected Block next() throws IOException {
            if (lnum > lastLnum) {
                return null;
            }
            Leb leb = lebs.get(lnum++);
            if (leb == null) {
                byte[] erased = new byte[(int) lebSize];
                java.util.Arrays.fill(erased, (byte) 0xff);
                return Block.of(erased);
            }
            int n = (int) Math.min(lebSize, staticVolume ? Math.max(0, leb.dataSize()) : lebSize);
            byte[] block = new byte[n];
            src.readFully(leb.peb() * peb + dataOffset, n, "UBI logical erase block").get(block);
            return Block.of(block);
        }
    }
}
