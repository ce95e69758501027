package dev.medsec.sbom.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An RPM header blob as rpm's sqlite backend stores it (the header without its 8-byte magic): index count and
 * data length (big-endian int32), index entries of (tag, type, offset, count), then the data store. Only the
 * string and int32 tags a cataloger needs are decoded; every offset is checked against the data store.
 */
final class RpmHeader {
    static final int NAME = 1000;
    static final int VERSION = 1001;
    static final int RELEASE = 1002;
    static final int EPOCH = 1003;
    static final int VENDOR = 1011;
    static final int LICENSE = 1014;
    static final int ARCH = 1022;
    static final int SOURCERPM = 1044;
    static final int DIRINDEXES = 1116;
    static final int BASENAMES = 1117;
    static final int DIRNAMES = 1118;
    private static final int TYPE_STRING_ARRAY = 8;
    private static final int MAX_ARRAY = 1 << 20;
    private static final int TYPE_INT32 = 4;
    private static final int TYPE_STRING = 6;
    private static final int TYPE_I18NSTRING = 9;
    private static final int MAX_ENTRIES = 1 << 16;
    private static final int MAX_DATA = 256 << 20;
    private static final int MAX_STRING = 1 << 16;

    private final Map<Integer, String> strings = new HashMap<>();
    private final Map<Integer, Integer> ints = new HashMap<>();
    private final Map<Integer, java.util.List<String>> stringArrays = new HashMap<>();
    private final Map<Integer, int[]> intArrays = new HashMap<>();

    private RpmHeader() {
    }

    static RpmHeader parse(byte[] blob) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.BIG_ENDIAN);
        if (blob.length < 8) {
            throw new IOException("rpm header shorter than 8 bytes");
        }
        int il = b.getInt(0);
        int dl = b.getInt(4);
        if (il < 1 || il > MAX_ENTRIES || dl < 0 || dl > MAX_DATA) {
            throw new IOException("rpm header counts out of range (" + il + " entries, " + dl + " data bytes)");
        }
        long dataStart = 8L + 16L * il;
        if (dataStart + dl > blob.length) {
            throw new IOException("rpm header truncated");
        }
        RpmHeader h = new RpmHeader();
        for (int i = 0; i < il; i++) {
            int e = 8 + 16 * i;
            int tag = b.getInt(e);
            int type = b.getInt(e + 4);
            int off = b.getInt(e + 8);
            if (off < 0 || off >= dl) {
                continue;
            }
            int abs = (int) dataStart + off;
            if ((type == TYPE_STRING || type == TYPE_I18NSTRING) && tag >= NAME && tag <= SOURCERPM) {
                int end = abs;
                int limit = (int) Math.min(dataStart + dl, (long) abs + MAX_STRING);
                while (end < limit && blob[end] != 0) {
                    end++;
                }
                h.strings.putIfAbsent(tag, new String(blob, abs, end - abs, StandardCharsets.UTF_8));
            } else if (type == TYPE_INT32 && off + 4 <= dl) {
                int count = b.getInt(e + 12);
                h.ints.putIfAbsent(tag, b.getInt(abs));
                if (tag == DIRINDEXES && count > 0 && count <= MAX_ARRAY && off + 4L * count <= dl) {
                    int[] v = new int[count];
                    for (int k = 0; k < count; k++) {
                        v[k] = b.getInt(abs + 4 * k);
                    }
                    h.intArrays.put(tag, v);
                }
            } else if (type == TYPE_STRING_ARRAY && (tag == BASENAMES || tag == DIRNAMES)) {
                int count = b.getInt(e + 12);
                if (count <= 0 || count > MAX_ARRAY) {
                    continue;
                }
                java.util.List<String> v = new java.util.ArrayList<>(Math.min(count, 4096));
                int pos = abs;
                int end = (int) dataStart + dl;
                for (int k = 0; k < count && pos < end; k++) {
                    int z = pos;
                    while (z < end && blob[z] != 0) {
                        z++;
                    }
                    v.add(new String(blob, pos, z - pos, StandardCharsets.UTF_8));
                    pos = z + 1;
                }
                h.stringArrays.put(tag, v);
            }
        }
        return h;
    }

    Optional<String> string(int tag) {
        return Optional.ofNullable(strings.get(tag)).filter(s -> !s.isEmpty());
    }

    /** The installed file paths (DIRNAMES[DIRINDEXES[i]] + BASENAMES[i]); entries with bad indexes are dropped. */
    java.util.List<String> files() {
        java.util.List<String> base = stringArrays.getOrDefault(BASENAMES, java.util.List.of());
        java.util.List<String> dirs = stringArrays.getOrDefault(DIRNAMES, java.util.List.of());
        int[] idx = intArrays.getOrDefault(DIRINDEXES, new int[0]);
        java.util.List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(base.size(), idx.length); i++) {
            if (idx[i] >= 0 && idx[i] < dirs.size()) {
                out.add(dirs.get(idx[i]) + base.get(i));
            }
        }
        return out;
    }

    Optional<Integer> int32(int tag) {
        return Optional.ofNullable(ints.get(tag));
    }
}
