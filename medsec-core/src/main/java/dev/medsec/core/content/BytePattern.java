package dev.medsec.core.content;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A fixed byte string to find in file content. Keep anchors short (at most {@link #MAX_LENGTH} bytes): the
 * automaton's size grows with them; confirm the rest of a long table in the check, at the hit's offset.
 *
 * @param ignoreAsciiCase match ASCII letters in either case
 */
public record BytePattern(String id, byte[] bytes, boolean ignoreAsciiCase) {
    public static final int MAX_LENGTH = 64;

    public BytePattern {
        Objects.requireNonNull(id, "id");
        bytes = bytes.clone();
        if (bytes.length == 0 || bytes.length > MAX_LENGTH) {
            throw new IllegalArgumentException("pattern " + id + " must be 1.." + MAX_LENGTH + " bytes, is " + bytes.length);
        }
    }

    public static BytePattern ascii(String id, String text) {
        return new BytePattern(id, text.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    public static BytePattern asciiIgnoreCase(String id, String text) {
        return new BytePattern(id, text.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    public static BytePattern hex(String id, String hex) {
        return new BytePattern(id, HexFormat.of().parseHex(hex.replace(" ", "")), false);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    int length() {
        return bytes.length;
    }

    byte at(int i) {
        return bytes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BytePattern p && p.id.equals(id) && Arrays.equals(p.bytes, bytes)
                && p.ignoreAsciiCase == ignoreAsciiCase;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(bytes), ignoreAsciiCase);
    }

    @Override
    public String toString() {
        return "BytePattern[" + id + ", " + bytes.length + " bytes" + (ignoreAsciiCase ? ", ignore case" : "") + "]";
    }
}
