package dev.medsec.formats.fdt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One property of a flattened device tree. The value is not copied: it is a view into the blob, so a
 * multi-megabyte "data" property costs nothing until someone reads it.
 *
 * @param name         property name from the strings block
 * @param structOffset offset of the FDT_PROP tag, relative to the structure block (libfdt's offsets)
 * @param valueOffset  absolute offset of the value in the blob's buffer
 * @param length       value length in bytes
 */
public record FdtProperty(String name, int structOffset, int valueOffset, int length, ByteBuffer blob) {

    /** The value as a read-only buffer positioned at 0. */
    public ByteBuffer value() {
        ByteBuffer b = blob.duplicate();
        b.limit(valueOffset + length).position(valueOffset);
        return b.slice().asReadOnlyBuffer();
    }

    /** The value copied out; use only for small values (keys, hashes, strings). */
    public byte[] bytes() {
        byte[] out = new byte[length];
        value().get(out);
        return out;
    }

    /** The value as one NUL-terminated string; empty when it is not exactly that. */
    public Optional<String> asString() {
        List<String> list = asStringList();
        return list.size() == 1 ? Optional.of(list.get(0)) : Optional.empty();
    }

    /** The value as a list of NUL-terminated strings ("a\0b\0"); empty list when malformed. */
    public List<String> asStringList() {
        byte[] v = bytes();
        if (v.length == 0 || v[v.length - 1] != 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                out.add(new String(v, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** A single big-endian 32-bit cell. */
    public OptionalInt asU32() {
        return length == 4 ? OptionalInt.of(value().getInt(0)) : OptionalInt.empty();
    }

    /** A 64-bit value (two cells) or a single cell widened. */
    public OptionalLong asU64() {
        if (length == 8) {
            return OptionalLong.of(value().getLong(0));
        }
        if (length == 4) {
            return OptionalLong.of(Integer.toUnsignedLong(value().getInt(0)));
        }
        return OptionalLong.empty();
    }

    @Override
    public String toString() {
        return name + " (" + length + " bytes)";
    }
}
