package dev.medsec.unpack;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.formats.fdt.FdtProperty;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The sub-images of a FIT (U-Boot's Flattened Image Tree): each node under {@code /images} becomes a member
 * {@code images/<node>}, its payload embedded ({@code data}) or external ({@code data-offset} after the blob's
 * 4-byte aligned end, or {@code data-position} from the start), decompressed as its {@code compression} property
 * says. A device tree that is not a FIT is one structure with no members. The signatures are judged by the
 * secure-boot checks, which read the FIT itself.
 */
final class FitImages {
    private FitImages() {
    }

    static Layout read(ByteSource src) throws IOException {
        ByteBuffer head = src.readFully(0, 8, "FDT header").order(ByteOrder.BIG_ENDIAN);
        long total = Integer.toUnsignedLong(head.getInt(4));
        if (total < 40 || total > src.size()) {
            throw new MalformedLayoutException("FDT: totalsize " + total + " outside the " + src.size() + "-byte file");
        }
        Fdt fdt;
        try {
            fdt = Fdt.parse(src.map(0, total));
        } catch (MalformedFormatException e) {
            throw new MalformedLayoutException(e.getMessage());
        }
        FdtNode images = fdt.node("/images").orElse(null);
        if (images == null) {
            return new Layout("fdt", List.of(new Layout.Structure(0, total, "device tree")));
        }
        List<String> notes = new ArrayList<>();
        List<Layout.Piece> members = new ArrayList<>();
        long externalBase = (total + 3) & ~3L;
        for (FdtNode image : images.children()) {
            String name = "images/" + image.name();
            var embedded = image.property("data");
            long start;
            long length;
            if (embedded.isPresent()) {
                start = embedded.get().valueOffset();
                length = embedded.get().length();
            } else {
                OptionalLong size = u64(image, "data-size");
                OptionalLong offset = u64(image, "data-offset");
                OptionalLong position = u64(image, "data-position");
                if (size.isEmpty() || offset.isEmpty() && position.isEmpty()) {
                    notes.add("FIT image " + image.name() + " has no data, data-offset or data-position");
                    continue;
                }
                start = position.isPresent() ? position.getAsLong() : externalBase + offset.getAsLong();
                length = size.getAsLong();
            }
            if (start < 0 || length < 0 || start > src.size() || length > src.size() - start) {
                notes.add("FIT image " + image.name() + ": data [" + start + ", +" + length + ") outside the " + src.size() + "-byte file");
                continue;
            }
            String compression = image.string("compression").orElse("none");
            members.add(payload(start, length, name, compression));
        }
        members.sort(Comparator.comparingLong(Layout.Piece::offset));
        // The blob is structure except for the embedded payloads inside it.
        List<Layout.Piece> pieces = new ArrayList<>();
        long cursor = 0;
        for (Layout.Piece m : members) {
            if (m.offset() < cursor) {
                notes.add("FIT payload at " + m.offset() + " overlaps another; skipped");
                continue;
            }
            if (m.offset() < total && m.offset() > cursor) {
                pieces.add(new Layout.Structure(cursor, m.offset() - cursor, "FIT structure"));
            } else if (m.offset() >= total && cursor < total) {
                pieces.add(new Layout.Structure(cursor, total - cursor, "FIT structure"));
            }
            pieces.add(m);
            cursor = m.end();
        }
        if (cursor < total) {
            pieces.add(new Layout.Structure(cursor, total - cursor, "FIT structure"));
        }
        return new Layout("fit", pieces, notes);
    }

    private static OptionalLong u64(FdtNode node, String name) {
        return node.property(name).map(FdtProperty::asU64).orElse(OptionalLong.empty());
    }

    private static Layout.Piece payload(long offset, long length, String name, String compression) {
        return switch (compression) {
            case "none" -> new Layout.Slice(offset, length, name);
            case "gzip" -> new Layout.Decoded(offset, length, name, in -> new GzipCompressorInputStream(in, false));
            case "bzip2" -> new Layout.Decoded(offset, length, name, in -> new BZip2CompressorInputStream(in, false));
            case "lzma" -> new Layout.Decoded(offset, length, name, LZMACompressorInputStream::new);
            case "lz4" -> new Layout.Decoded(offset, length, name, in -> new FramedLZ4CompressorInputStream(in, true));
            case "zstd" -> new Layout.Decoded(offset, length, name, ZstdCompressorInputStream::new);
            case "lzo" -> new Layout.Decoded(offset, length, name, LzopInputStream::new);
            default -> new Layout.Unopened(offset, length, name + "." + compression.replaceAll("[^A-Za-z0-9]", "_"),
                    "fit-" + compression, "FIT payload compressed with '" + compression + "': no decoder in this version");
        };
    }
}
