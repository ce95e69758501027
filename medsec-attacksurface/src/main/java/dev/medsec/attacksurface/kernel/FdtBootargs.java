package dev.medsec.attacksurface.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code /chosen/bootargs} from a flattened device tree, and from the device trees a FIT image carries in
 * its {@code data} properties. A minimal, read-only walk of the structure block: every offset and length is
 * checked against the blob before use, nesting and node counts are bounded, and malformed input yields no
 * result rather than an exception.
 */
public final class FdtBootargs {
    private static final int MAGIC = 0xd00dfeed;
    private static final int BEGIN_NODE = 1;
    private static final int END_NODE = 2;
    private static final int PROP = 3;
    private static final int NOP = 4;
    private static final int END = 9;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_TOKENS = 1_000_000;
    private static final int MAX_NESTED = 2;

    /**
     * One bootargs property.
     *
     * @param where "/chosen/bootargs", or the FIT node holding the embedded tree ("/images/fdt-1/data:/chosen/bootargs")
     */
    public record Found(String where, String bootargs) {
    }

    private FdtBootargs() {
    }

    public static List<Found> find(ByteBuffer blob) {
        List<Found> out = new ArrayList<>();
        walk(blob.duplicate().order(ByteOrder.BIG_ENDIAN), "", 0, out);
        return out;
    }

    private static void walk(ByteBuffer b, String prefix, int nesting, List<Found> out) {
        int n = b.limit();
        if (n < 40 || b.getInt(0) != MAGIC) {
            return;
        }
        long total = Integer.toUnsignedLong(b.getInt(4));
        long structOff = Integer.toUnsignedLong(b.getInt(8));
        long stringsOff = Integer.toUnsignedLong(b.getInt(12));
        long stringsSize = n >= 40 ? Integer.toUnsignedLong(b.getInt(32)) : 0;
        long structSize = Integer.toUnsignedLong(b.getInt(36));
        if (total > n || structOff + structSize > total || stringsOff + stringsSize > total) {
            return;
        }
        List<String> path = new ArrayList<>();
        int pos = (int) structOff;
        int end = (int) (structOff + structSize);
        for (int tokens = 0; tokens < MAX_TOKENS && pos + 4 <= end; tokens++) {
            int token = b.getInt(pos);
            pos += 4;
            if (token == BEGIN_NODE) {
                int nameEnd = nul(b, pos, end);
                if (nameEnd < 0 || path.size() >= MAX_DEPTH) {
                    return;
                }
                path.add(string(b, pos, nameEnd));
                pos = align(nameEnd + 1);
            } else if (token == END_NODE) {
                if (path.isEmpty()) {
                    return;
                }
                path.remove(path.size() - 1);
            } else if (token == PROP) {
                if (pos + 8 > end) {
                    return;
                }
                long len = Integer.toUnsignedLong(b.getInt(pos));
                long nameOff = Integer.toUnsignedLong(b.getInt(pos + 4));
                int value = pos + 8;
                if (value + len > end || nameOff >= stringsSize) {
                    return;
                }
                int nameStart = (int) (stringsOff + nameOff);
                int nameEnd = nul(b, nameStart, (int) (stringsOff + stringsSize));
                if (nameEnd < 0) {
                    return;
                }
                String name = string(b, nameStart, nameEnd);
                String node = "/" + String.join("/", path.subList(Math.min(1, path.size()), path.size()));
                if (name.equals("bootargs") && node.equals("/chosen")) {
                    int valueEnd = nul(b, value, (int) (value + len));
                    out.add(new Found(prefix + "/chosen/bootargs",
                            string(b, value, valueEnd < 0 ? (int) (value + len) : valueEnd)));
                } else if (name.equals("data") && nesting < MAX_NESTED && len >= 40 && b.getInt(value) == MAGIC) {
                    ByteBuffer inner = b.duplicate();
                    inner.position(value).limit((int) (value + len));
                    walk(inner.slice().order(ByteOrder.BIG_ENDIAN), prefix + node + "/data:", nesting + 1, out);
                }
                pos = align((int) (value + len));
            } else if (token == NOP) {
                continue;
            } else if (token == END) {
                return;
            } else {
                return;
            }
        }
    }

    private static int nul(ByteBuffer b, int from, int limit) {
        for (int i = from; i < limit && i < b.limit(); i++) {
            if (b.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String string(ByteBuffer b, int from, int to) {
        byte[] s = new byte[Math.max(0, to - from)];
        b.duplicate().position(from).get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static int align(int p) {
        return (p + 3) & ~3;
    }

    /** The first bootargs, for callers that need one line. */
    public static Optional<String> first(ByteBuffer blob) {
        return find(blob).stream().map(Found::bootargs).findFirst();
    }
}
