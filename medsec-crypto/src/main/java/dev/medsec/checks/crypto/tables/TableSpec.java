package dev.medsec.checks.crypto.tables;

import java.util.Arrays;

/**
 * One recognisable form of a primitive's constant table: the primitive, which table, the layout in memory,
 * and the full expected bytes (the anchor is their start).
 *
 * @param id unique pattern id, "table/layout"
 */
public record TableSpec(String id, Primitive primitive, String table, String layout, byte[] full) {
    public TableSpec {
        full = full.clone();
    }

    public int length() {
        return full.length;
    }

    byte[] anchor(int max) {
        return Arrays.copyOf(full, Math.min(max, full.length));
    }

    /** True when {@code data} holds the whole table at {@code offset}. */
    public boolean matchesAt(java.nio.ByteBuffer data, long offset) {
        if (offset < 0 || offset + full.length > data.limit()) {
            return false;
        }
        int at = (int) offset;
        for (int i = 0; i < full.length; i++) {
            if (data.get(at + i) != full[i]) {
                return false;
            }
        }
        return true;
    }

    public String describe() {
        return primitive.display() + " " + table + " (" + layout + ")";
    }
}
