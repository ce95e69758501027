package dev.medsec.unpack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Partition tables of disk images: GPT (UEFI 2.10 §5.3: protective MBR, primary header and entry array with
 * their CRC32s, the backup copy at the disk's end when the primary is damaged) and MBR with extended and logical
 * partitions (the EBR chain, followed with loop detection). Each partition becomes a member {@code p<N>} or
 * {@code p<N>-<label>}, a region of the disk that is then opened like any image. Only the table sectors are read:
 * a sparse disk of several GiB costs a few KiB of memory here.
 */
final class PartitionTables {
    static final int MAX_GPT_ENTRIES = 1024;
    private static final int MAX_LOGICAL = 128;

    private PartitionTables() {
    }

    static Layout read(ByteSource src) throws IOException {
        for (int sector : new int[] {512, 4096}) {
            if (src.size() >= 2L * sector && "EFI PART".equals(ascii(src.read(sector, 8)))) {
                return gpt(src, sector);
            }
        }
        return mbr(src);
    }

    private record GptHeader(long myLba, long alternateLba, long entriesLba, int entries, int entrySize, long entriesCrc,
                             int headerSize) {
    }

    private static Layout gpt(ByteSource src, int ss) throws IOException {
        List<String> notes = new ArrayList<>();
        List<Layout.Piece> pieces = new ArrayList<>();
        pieces.add(new Layout.Structure(0, ss, "protective MBR"));
        GptHeader primary = header(src, ss, 1, notes, "primary");
        long lastLba = src.size() / ss - 1;
        GptHeader backup = null;
        long backupLba = primary != null ? primary.alternateLba() : lastLba;
        if (backupLba > 1 && backupLba <= lastLba) {
            backup = header(src, ss, backupLba, primary == null ? notes : new ArrayList<>(), "backup");
            if (backup == null && primary != null) {
                notes.add("GPT backup header at LBA " + backupLba + " is missing or damaged");
            }
        }
        GptHeader use = primary != null ? primary : backup;
        if (use == null) {
            throw new MalformedLayoutException("GPT: neither the primary nor the backup header validates" + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
        }
        if (primary == null) {
            notes.add("GPT primary header damaged; partitions read from the backup copy");
        }
        long entryBytes = (long) use.entries() * use.entrySize();
        ByteBuffer table = src.readFully(use.entriesLba() * ss, (int) entryBytes, "GPT partition entry array");
        CRC32 crc = new CRC32();
        crc.update(table.duplicate());
        if (crc.getValue() != use.entriesCrc()) {
            notes.add("GPT partition entry array CRC does not match its header");
        }
        pieces.add(new Layout.Structure(ss, ss, "GPT header"));
        pieces.add(new Layout.Structure(use.entriesLba() * ss, roundUp(entryBytes, ss), "GPT partition entries"));
        if (backup != null && primary != null) {
            long backupEntries = backup.entriesLba() * ss;
            if (backupEntries > use.entriesLba() * ss) {
                pieces.add(new Layout.Structure(backupEntries, roundUp(entryBytes, ss), "GPT backup partition entries"));
            }
            pieces.add(new Layout.Structure(backup.myLba() * ss, ss, "GPT backup header"));
        }
        for (int i = 0; i < use.entries(); i++) {
            ByteBuffer e = table.duplicate().position(i * use.entrySize()).limit(i * use.entrySize() + use.entrySize()).slice()
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            if (e.getLong(0) == 0 && e.getLong(8) == 0) {
                continue; // unused entry
            }
            long first = e.getLong(32);
            long last = e.getLong(40);
            if (first < 0 || last < first || first > lastLba) {
                notes.add("GPT entry " + (i + 1) + " has an impossible range (LBA " + first + " to " + last + "); skipped");
                continue;
            }
            long start = first * ss;
            long length = Math.min((last - first + 1) * ss, src.size() - start);
            if (length < (last - first + 1) * ss) {
                notes.add("partition " + (i + 1) + " runs past the end of the image; truncated to " + length + " bytes");
            }
            byte[] name = new byte[Math.min(72, use.entrySize() - 56)];
            e.get(56, name);
            pieces.add(new Layout.Slice(start, length, memberName(i + 1, utf16(name))));
        }
        return new Layout("gpt", dropOverlaps(pieces, notes, src.size()), notes);
    }

    private static GptHeader header(ByteSource src, int ss, long lba, List<String> notes, String which) throws IOException {
        ByteBuffer h = src.read(lba * ss, ss);
        if (h.remaining() < 92 || !"EFI PART".equals(ascii(h))) {
            notes.add("GPT " + which + " header: no signature at LBA " + lba);
            return null;
        }
        int headerSize = h.getInt(12);
        if (headerSize < 92 || headerSize > ss) {
            notes.add("GPT " + which + " header: impossible header size " + headerSize);
            return null;
        }
        byte[] copy = new byte[headerSize];
        h.duplicate().get(copy);
        copy[16] = copy[17] = copy[18] = copy[19] = 0;
        CRC32 crc = new CRC32();
        crc.update(copy);
        if (crc.getValue() != Integer.toUnsignedLong(h.getInt(16))) {
            notes.add("GPT " + which + " header CRC does not match");
            return null;
        }
        if (h.getLong(24) != lba) {
            notes.add("GPT " + which + " header at LBA " + lba + " names itself LBA " + h.getLong(24));
            return null;
        }
        int entries = h.getInt(80);
        int entrySize = h.getInt(84);
        long entriesLba = h.getLong(72);
        if (entries <= 0 || entries > MAX_GPT_ENTRIES || entrySize < 128 || entrySize > 1024 || entrySize % 8 != 0
                || entriesLba < 1 || entriesLba > src.size() / ss) {
            notes.add("GPT " + which + " header: impossible entry array (" + entries + " entries of " + entrySize + " bytes at LBA " + entriesLba + ")");
            return null;
        }
        return new GptHeader(h.getLong(24), h.getLong(32), entriesLba, entries, entrySize,
                Integer.toUnsignedLong(h.getInt(88)), headerSize);
    }

    private static Layout mbr(ByteSource src) throws IOException {
        ByteBuffer s = src.readFully(0, 512, "MBR");
        if ((s.get(510) & 0xff) != 0x55 || (s.get(511) & 0xff) != 0xaa) {
            throw new MalformedLayoutException("MBR: no boot signature 0x55AA");
        }
        List<String> notes = new ArrayList<>();
        List<Layout.Piece> pieces = new ArrayList<>();
        pieces.add(new Layout.Structure(0, 512, "MBR"));
        long sectors = src.size() / 512;
        for (int i = 0; i < 4; i++) {
            int e = 446 + 16 * i;
            int type = s.get(e + 4) & 0xff;
            long start = Integer.toUnsignedLong(s.getInt(e + 8));
            long count = Integer.toUnsignedLong(s.getInt(e + 12));
            if (type == 0 || count == 0) {
                continue;
            }
            if (start == 0 || start >= sectors) {
                notes.add("MBR entry " + (i + 1) + " starts outside the image (sector " + start + "); skipped");
                continue;
            }
            if (type == 0x05 || type == 0x0f || type == 0x85) {
                logical(src, start, sectors, pieces, notes);
                continue;
            }
            pieces.add(slice(src, start, count, "p" + (i + 1), notes));
        }
        return new Layout("mbr", dropOverlaps(pieces, notes, src.size()), notes);
    }

    /** The EBR chain: each EBR's first entry is a logical partition, its second the next EBR (relative to the extended partition). */
    private static void logical(ByteSource src, long extStart, long sectors, List<Layout.Piece> pieces, List<String> notes)
            throws IOException {
        Set<Long> seen = new HashSet<>();
        long ebr = extStart;
        int number = 5;
        while (ebr != 0) {
            if (!seen.add(ebr) || seen.size() > MAX_LOGICAL) {
                notes.add("MBR: the chain of extended boot records loops or is too long at sector " + ebr + "; stopped");
                return;
            }
            if (ebr >= sectors) {
                notes.add("MBR: extended boot record at sector " + ebr + " lies outside the image");
                return;
            }
            ByteBuffer s = src.read(ebr * 512, 512);
            if (s.remaining() < 512 || (s.get(510) & 0xff) != 0x55 || (s.get(511) & 0xff) != 0xaa) {
                notes.add("MBR: extended boot record at sector " + ebr + " has no signature");
                return;
            }
            pieces.add(new Layout.Structure(ebr * 512, 512, "extended boot record"));
            long relStart = Integer.toUnsignedLong(s.getInt(446 + 8));
            long count = Integer.toUnsignedLong(s.getInt(446 + 12));
            if ((s.get(446 + 4) & 0xff) != 0 && count > 0 && relStart > 0) {
                pieces.add(slice(src, ebr + relStart, count, "p" + number, notes));
            }
            number++;
            int nextType = s.get(462 + 4) & 0xff;
            long next = Integer.toUnsignedLong(s.getInt(462 + 8));
            ebr = nextType == 0 || next == 0 ? 0 : extStart + next;
        }
    }

    private static Layout.Piece slice(ByteSource src, long startSector, long count, String name, List<String> notes) {
        long start = startSector * 512;
        long length = Math.min(count * 512, Math.max(0, src.size() - start));
        if (length < count * 512) {
            notes.add("partition " + name + " runs past the end of the image; truncated to " + length + " bytes");
        }
        return new Layout.Slice(start, length, name);
    }

    /** Keeps the first of overlapping pieces (by offset) and says which were dropped. */
    private static List<Layout.Piece> dropOverlaps(List<Layout.Piece> pieces, List<String> notes, long size) {
        List<Layout.Piece> sorted = new ArrayList<>();
        for (Layout.Piece p : pieces) {
            if (p.offset() < 0 || p.length() < 0 || p.offset() > size || p.length() > size - p.offset()) {
                notes.add("table structure at an impossible offset skipped");
            } else {
                sorted.add(p);
            }
        }
        sorted.sort(java.util.Comparator.comparingLong(Layout.Piece::offset));
        List<Layout.Piece> out = new ArrayList<>();
        long end = 0;
        for (Layout.Piece p : sorted) {
            if (p.length() == 0) {
                continue;
            }
            if (p.offset() < end) {
                notes.add((p instanceof Layout.Slice s ? "partition " + s.name() : "table structure")
                        + " at byte " + p.offset() + " overlaps an earlier one; skipped");
                continue;
            }
            out.add(p);
            end = p.end();
        }
        return out;
    }

    /** "p2-rootfs": the label kept to letters, digits, dot, dash and underscore. */
    static String memberName(int number, String label) {
        StringBuilder sb = new StringBuilder();
        for (char c : label.toCharArray()) {
            if (sb.length() >= 36) {
                break;
            }
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '_' ? c : '_');
        }
        String clean = sb.toString().replaceAll("^[._]+", "");
        return clean.isEmpty() ? "p" + number : "p" + number + "-" + clean;
    }

    private static String utf16(byte[] name) {
        String s = new String(name, StandardCharsets.UTF_16LE);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static long roundUp(long v, int unit) {
        return (v + unit - 1) / unit * unit;
    }

    private static String ascii(ByteBuffer b) {
        byte[] x = new byte[Math.min(8, b.remaining())];
        b.duplicate().get(x);
        return new String(x, StandardCharsets.ISO_8859_1);
    }
}
