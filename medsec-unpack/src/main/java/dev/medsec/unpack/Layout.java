package dev.medsec.unpack;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a layout reader (partition table, uImage, FIT, the carver) found in a container, by byte range: members,
 * the format's own structures, and formats recognised but not opened. The ranges are sorted and never overlap;
 * whatever lies between them is padding or unexplained, for the coverage account to judge.
 *
 * @param format the container's format as the report names it ("gpt", "mbr", "uimage", "fit", "raw")
 * @param notes  what the reader found wrong but not fatal (a checksum that does not match), for {@code errors}
 */
record Layout(String format, List<Piece> pieces, List<String> notes) {
    Layout {
        List<Piece> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparingLong(Piece::offset));
        pieces = List.copyOf(sorted);
        notes = List.copyOf(notes);
    }

    Layout(String format, List<Piece> pieces) {
        this(format, pieces, List.of());
    }

    static Layout empty(String format) {
        return new Layout(format, List.of());
    }

    /** One claimed byte range of a container. */
    sealed interface Piece permits Slice, Decoded, Structure, Unopened {
        long offset();

        long length();

        default long end() {
            return offset() + length();
        }
    }

    /** A member whose content is the range itself (a partition, a carved squashfs): nothing is copied. */
    record Slice(long offset, long length, String name) implements Piece {
    }

    /** A member decoded from the range (a gzip payload, a FIT sub-image with a compression property). */
    record Decoded(long offset, long length, String name, Decoder decoder) implements Piece {
    }

    /** Bytes of the container format itself: headers, tables, checksums. */
    record Structure(long offset, long length, String what) implements Piece {
    }

    /** A format recognised by its own header but not opened, with the reason (for the coverage account and errors). */
    record Unopened(long offset, long length, String name, String format, String reason) implements Piece {
    }

    /** Turns the raw bytes of a range into the member's content. */
    @FunctionalInterface
    interface Decoder {
        InputStream open(InputStream raw) throws IOException;
    }
}
