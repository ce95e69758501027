package dev.medsec.unpack;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * U-Boot legacy images (include/image.h): a 64-byte big-endian header whose CRC32 is checked, then the payload,
 * decompressed as {@code ih_comp} says (none, gzip, bzip2, lzma, lzo, lz4, zstd) and named by {@code ih_type}: {@code kernel}, {@code ramdisk} (then unpacked
 * as the cpio it holds), {@code script} (the text boot.scr runs), {@code firmware}, {@code fdt.dtb}. A multi-file
 * image lists its images' sizes after the header, each padded to 4 bytes. CRC32 is the format's checksum, not a
 * security measure; a payload whose data CRC does not match is still opened, and the mismatch is said.
 */
final class UImages {
    static final int HEADER = 64;
    private static final int MAX_MULTI = 256;

    private UImages() {
    }

    /** True when the header's CRC32 (computed with its CRC field as zero) matches ih_hcrc. */
    static boolean headerCrcMatches(ByteBuffer h) {
        if (h.remaining() < HEADER || h.order(ByteOrder.BIG_ENDIAN).getInt(0) != 0x27051956) {
            return false;
        }
        byte[] copy = new byte[HEADER];
        h.duplicate().get(copy);
        long stored = Integer.toUnsignedLong(h.getInt(4));
        copy[4] = copy[5] = copy[6] = copy[7] = 0;
        CRC32 crc = new CRC32();
        crc.update(copy);
        return crc.getValue() == stored;
    }

    static Layout read(ByteSource src) throws IOException {
        ByteBuffer h = src.readFully(0, HEADER, "uImage header").order(ByteOrder.BIG_ENDIAN);
        if (!headerCrcMatches(h)) {
            throw new MalformedLayoutException("uImage header CRC does not match");
        }
        long size = Integer.toUnsignedLong(h.getInt(12));
        if (size > src.size() - HEADER) {
            throw new MalformedLayoutException("uImage payload of " + size + " bytes runs past the end of the file ("
                    + (src.size() - HEADER) + " bytes after the header)");
        }
        int type = h.get(30) & 0xff;
        int comp = h.get(31) & 0xff;
        List<Layout.Piece> pieces = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        pieces.add(new Layout.Structure(0, HEADER, "uImage header"));
        if (!dataCrcMatches(src, size, Integer.toUnsignedLong(h.getInt(24)))) {
            notes.add("uImage data CRC does not match the header: the payload was altered after mkimage");
        }
        if (type == 4 || type == 6) {
            multi(src, size, type == 6 ? "script" : "image", comp, pieces);
        } else {
            pieces.add(payload(HEADER, size, typeName(type), comp));
        }
        return new Layout("uimage", pieces, notes);
    }

    private static boolean dataCrcMatches(ByteSource src, long size, long stored) throws IOException {
        CRC32 crc = new CRC32();
        for (long pos = HEADER; pos < HEADER + size; ) {
            ByteBuffer b = src.read(pos, (int) Math.min(1 << 20, HEADER + size - pos));
            if (!b.hasRemaining()) {
                return false;
            }
            pos += b.remaining();
            crc.update(b);
        }
        return crc.getValue() == stored;
    }

    /** Sizes (big-endian u32) up to a zero word, then each image at a 4-byte boundary. */
    private static void multi(ByteSource src, long size, String base, int comp, List<Layout.Piece> pieces) throws IOException {
        List<Long> sizes = new ArrayList<>();
        long pos = HEADER;
        while (true) {
            if (sizes.size() > MAX_MULTI || pos + 4 > HEADER + size) {
                throw new MalformedLayoutException("multi-file uImage: size list has no end within the payload");
            }
            long s = Integer.toUnsignedLong(src.read(pos, 4).order(ByteOrder.BIG_ENDIAN).getInt(0));
            pos += 4;
            if (s == 0) {
                break;
            }
            sizes.add(s);
        }
        pieces.add(new Layout.Structure(HEADER, pos - HEADER, "multi-file size list"));
        for (int i = 0; i < sizes.size(); i++) {
            long s = sizes.get(i);
            if (pos + s > HEADER + size) {
                throw new MalformedLayoutException("multi-file uImage: image " + i + " of " + s + " bytes runs past the payload");
            }
            String name = sizes.size() == 1 ? base : base + "-" + i;
            pieces.add(payload(pos, s, name, comp));
            pos = (pos + s + 3) & ~3L;
        }
    }

    private static Layout.Piece payload(long offset, long length, String name, int comp) {
        return switch (comp) {
            case 0 -> new Layout.Slice(offset, length, name);
            case 1 -> new Layout.Decoded(offset, length, name, in -> new GzipCompressorInputStream(in, false));
            case 2 -> new Layout.Decoded(offset, length, name, in -> new BZip2CompressorInputStream(in, false));
            case 3 -> new Layout.Decoded(offset, length, name, LZMACompressorInputStream::new);
            case 5 -> new Layout.Decoded(offset, length, name, in -> new FramedLZ4CompressorInputStream(in, true));
            case 6 -> new Layout.Decoded(offset, length, name, ZstdCompressorInputStream::new);
            case 4 -> new Layout.Decoded(offset, length, name, LzopInputStream::new);
            default -> new Layout.Unopened(offset, length, name + ".comp" + comp, "uimage-payload",
                    "unknown uImage compression " + comp);
        };
    }

    /** Member name by ih_type (include/image.h). */
    static String typeName(int type) {
        return switch (type) {
            case 2, 14 -> "kernel";
            case 3 -> "ramdisk";
            case 5 -> "firmware";
            case 6 -> "script";
            case 7 -> "filesystem";
            case 8 -> "fdt.dtb";
            default -> "payload-type" + type;
        };
    }
}
