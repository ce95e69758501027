package dev.medsec.formats.fdt;

import dev.medsec.core.image.ViewKey;
import dev.medsec.formats.MalformedFormatException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A flattened device tree (DTB, FIT image, U-Boot control DTB), parsed defensively.
 *
 * <p>Guarantees: every offset and length is checked against the header and the buffer before use; the walk
 * over the structure block only moves forward, so it terminates; nesting is limited to {@value #MAX_DEPTH}
 * levels (U-Boot's own limit), tags to {@value #MAX_TOKENS}, names to {@value #MAX_NAME} bytes; duplicate
 * sibling nodes or properties are rejected. Property values are views into the buffer, never copies.
 * Any violation is a {@link MalformedFormatException}.
 */
public final class Fdt {
    public static final int MAGIC = 0xd00dfeed;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_TOKENS = 2_000_000;
    public static final int MAX_NAME = 4096;
    private static final int HEADER_V17 = 40;

    /** Parsed once per artifact, shared by every check. */
    public static final ViewKey<Fdt> VIEW = ViewKey.of("fdt", a -> parse(a.bytes()));

    private final ByteBuffer buf;
    private final int totalSize;
    private final int offStruct;
    private final int offStrings;
    private final int sizeStrings;
    private final int sizeStruct;
    private final int version;
    private final List<FdtToken> tokens;
    private final FdtNode root;

    private Fdt(ByteBuffer buf, int totalSize, int offStruct, int offStrings, int sizeStrings, int sizeStruct,
                int version, List<FdtToken> tokens, FdtNode root) {
        this.buf = buf;
        this.totalSize = totalSize;
        this.offStruct = offStruct;
        this.offStrings = offStrings;
        this.sizeStrings = sizeStrings;
        this.sizeStruct = sizeStruct;
        this.version = version;
        this.tokens = tokens;
        this.root = root;
    }

    /** True when the buffer starts with the FDT magic. */
    public static boolean hasMagic(ByteBuffer b) {
        return b.remaining() >= 4 && b.order(ByteOrder.BIG_ENDIAN).getInt(b.position()) == MAGIC;
    }

    /**
     * Parses the blob at the start of {@code input} (position 0 of the buffer's content). Bytes after
     * {@code totalsize} (a FIT's external data) stay reachable through {@link #buffer()}.
     */
    public static Fdt parse(ByteBuffer input) throws MalformedFormatException {
        ByteBuffer b = input.slice().order(ByteOrder.BIG_ENDIAN);
        int avail = b.remaining();
        if (avail < HEADER_V17) {
            throw new MalformedFormatException("FDT: truncated header (" + avail + " bytes)");
        }
        if (b.getInt(0) != MAGIC) {
            throw new MalformedFormatException("FDT: bad magic 0x" + Integer.toHexString(b.getInt(0)));
        }
        long totalSize = Integer.toUnsignedLong(b.getInt(4));
        long offStruct = Integer.toUnsignedLong(b.getInt(8));
        long offStrings = Integer.toUnsignedLong(b.getInt(12));
        long offRsv = Integer.toUnsignedLong(b.getInt(16));
        int version = b.getInt(20);
        int lastComp = b.getInt(24);
        long sizeStrings = Integer.toUnsignedLong(b.getInt(32));
        long sizeStruct = Integer.toUnsignedLong(b.getInt(36));
        if (version < 17 || lastComp > 17) {
            throw new MalformedFormatException("FDT: unsupported version " + version + " (last compatible "
                    + lastComp + "); version 17 is required");
        }
        if (totalSize < HEADER_V17 || totalSize > avail) {
            throw new MalformedFormatException("FDT: totalsize " + totalSize + " outside the " + avail
                    + " bytes available");
        }
        if (offStruct < HEADER_V17 || offStruct % 4 != 0 || offStruct + sizeStruct > totalSize) {
            throw new MalformedFormatException("FDT: structure block [" + offStruct + ", +" + sizeStruct
                    + ") outside totalsize " + totalSize + " or misaligned");
        }
        if (offStrings < HEADER_V17 || offStrings + sizeStrings > totalSize) {
            throw new MalformedFormatException("FDT: strings block [" + offStrings + ", +" + sizeStrings
                    + ") outside totalsize " + totalSize);
        }
        if (offRsv < HEADER_V17 || offRsv > totalSize) {
            throw new MalformedFormatException("FDT: memory reservation block offset " + offRsv + " out of range");
        }
        ByteBuffer ro = b.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN);
        return new Walker(ro, (int) offStruct, (int) sizeStruct, (int) offStrings, (int) sizeStrings)
                .walk((int) totalSize, version);
    }

    /** Walks the structure block once, building tokens and the node tree. */
    private static final class Walker {
        private final ByteBuffer b;
        private final int base;
        private final int size;
        private final int strBase;
        private final int strSize;
        private final Map<Integer, String> nameCache = new HashMap<>();

        Walker(ByteBuffer b, int base, int size, int strBase, int strSize) {
            this.b = b;
            this.base = base;
            this.size = size;
            this.strBase = strBase;
            this.strSize = strSize;
        }

        private static final class Building {
            final String name;
            final String path;
            final int offset;
            final List<FdtProperty> props = new ArrayList<>();
            final List<FdtNode> children = new ArrayList<>();
            final Set<String> propNames = new HashSet<>();
            final Set<String> childNames = new HashSet<>();

            Building(String name, String path, int offset) {
                this.name = name;
                this.path = path;
                this.offset = offset;
            }
        }

        Fdt walk(int totalSize, int version) throws MalformedFormatException {
            List<FdtToken> tokens = new ArrayList<>();
            List<Building> stack = new ArrayList<>();
            FdtNode root = null;
            int off = 0;
            while (true) {
                if (tokens.size() >= MAX_TOKENS) {
                    throw new MalformedFormatException("FDT: more than " + MAX_TOKENS + " tags");
                }
                int tag = u32(off, "tag");
                int next;
                String name = "";
                switch (tag) {
                    case FdtToken.BEGIN_NODE: {
                        int nameStart = off + 4;
                        int nul = findNul(base + nameStart, base + size, "node name");
                        name = new String(bytes(base + nameStart, nul - (base + nameStart)), StandardCharsets.UTF_8);
                        next = align(nul - base + 1);
                        if (root != null) {
                            throw new MalformedFormatException("FDT: node after the root node at struct offset " + off);
                        }
                        if (stack.size() >= MAX_DEPTH) {
                            throw new MalformedFormatException("FDT: nesting deeper than " + MAX_DEPTH + " at struct offset " + off);
                        }
                        if (stack.isEmpty() && !name.isEmpty()) {
                            throw new MalformedFormatException("FDT: root node has a name ('" + name + "')");
                        }
                        if (!stack.isEmpty() && (name.isEmpty() || name.indexOf('/') >= 0)) {
                            throw new MalformedFormatException("FDT: invalid node name '" + name + "' at struct offset " + off);
                        }
                        String path;
                        if (stack.isEmpty()) {
                            path = "/";
                        } else {
                            Building parent = stack.get(stack.size() - 1);
                            if (!parent.childNames.add(name)) {
                                throw new MalformedFormatException("FDT: duplicate node " + parent.path + " -> " + name);
                            }
                            path = parent.path.equals("/") ? "/" + name : parent.path + "/" + name;
                        }
                        stack.add(new Building(name, path, off));
                        break;
                    }
                    case FdtToken.END_NODE: {
                        next = off + 4;
                        if (stack.isEmpty()) {
                            throw new MalformedFormatException("FDT: unbalanced end of node at struct offset " + off);
                        }
                        Building done = stack.remove(stack.size() - 1);
                        FdtNode node = new FdtNode(done.name, done.path, done.offset, done.props, done.children);
                        if (stack.isEmpty()) {
                            root = node;
                        } else {
                            stack.get(stack.size() - 1).children.add(node);
                        }
                        name = done.name;
                        break;
                    }
                    case FdtToken.PROP: {
                        long len = Integer.toUnsignedLong(u32(off + 4, "property length"));
                        int nameOff = u32(off + 8, "property name offset");
                        long valueStart = (long) off + 12;
                        if (valueStart + len > size) {
                            throw new MalformedFormatException("FDT: property at struct offset " + off + " has length "
                                    + len + " beyond the structure block");
                        }
                        name = string(nameOff);
                        next = align((int) (valueStart + len));
                        if (stack.isEmpty()) {
                            throw new MalformedFormatException("FDT: property '" + name + "' outside any node");
                        }
                        Building owner = stack.get(stack.size() - 1);
                        if (!owner.propNames.add(name)) {
                            throw new MalformedFormatException("FDT: duplicate property " + owner.path + ":" + name);
                        }
                        owner.props.add(new FdtProperty(name, off, base + (int) valueStart, (int) len, b));
                        break;
                    }
                    case FdtToken.NOP:
                        next = off + 4;
                        break;
                    case FdtToken.END:
                        next = off + 4;
                        break;
                    default:
                        throw new MalformedFormatException("FDT: unknown tag 0x" + Integer.toHexString(tag)
                                + " at struct offset " + off);
                }
                if (next > size) {
                    throw new MalformedFormatException("FDT: tag at struct offset " + off + " runs past the structure block");
                }
                tokens.add(new FdtToken(tag, off, next, name));
                if (tag == FdtToken.END) {
                    if (!stack.isEmpty() || root == null) {
                        throw new MalformedFormatException("FDT: end tag inside an open node or before the root node");
                    }
                    if (next != size) {
                        throw new MalformedFormatException("FDT: structure block ends at " + next
                                + " but the header declares " + size + " bytes");
                    }
                    return new Fdt(b, totalSize, base, strBase, strSize, size, version,
                            Collections.unmodifiableList(tokens), root);
                }
                off = next;
            }
        }

        private int u32(int structOff, String what) throws MalformedFormatException {
            if (structOff < 0 || structOff + 4L > size) {
                throw new MalformedFormatException("FDT: " + what + " at struct offset " + structOff
                        + " beyond the structure block (missing end tag?)");
            }
            return b.getInt(base + structOff);
        }

        private static int align(int v) {
            return (v + 3) & ~3;
        }

        private int findNul(int from, int limit, String what) throws MalformedFormatException {
            int max = Math.min(limit, from + MAX_NAME + 1);
            for (int i = from; i < max; i++) {
                if (b.get(i) == 0) {
                    return i;
                }
            }
            throw new MalformedFormatException("FDT: unterminated or overlong " + what + " at offset " + from);
        }

        private byte[] bytes(int from, int len) {
            byte[] out = new byte[len];
            b.get(from, out);
            return out;
        }

        private String string(int nameOff) throws MalformedFormatException {
            String cached = nameCache.get(nameOff);
            if (cached != null) {
                return cached;
            }
            if (nameOff < 0 || nameOff >= strSize) {
                throw new MalformedFormatException("FDT: property name offset " + Integer.toUnsignedString(nameOff)
                        + " outside the strings block of " + strSize + " bytes");
            }
            int nul = findNul(strBase + nameOff, strBase + strSize, "property name");
            String s = new String(bytes(strBase + nameOff, nul - (strBase + nameOff)), StandardCharsets.UTF_8);
            nameCache.put(nameOff, s);
            return s;
        }
    }

    public FdtNode root() {
        return root;
    }

    /** The node at an absolute path such as "/images/kernel-1". */
    public Optional<FdtNode> node(String path) {
        if (path.equals("/")) {
            return Optional.of(root);
        }
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        FdtNode cur = root;
        for (String part : path.substring(1).split("/", -1)) {
            Optional<FdtNode> next = cur.child(part);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        return Optional.of(cur);
    }

    /** Every tag of the structure block in order. */
    public List<FdtToken> tokens() {
        return tokens;
    }

    /** The whole input buffer (the blob and whatever follows it), read-only, big-endian. */
    public ByteBuffer buffer() {
        return buf.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    public int totalSize() {
        return totalSize;
    }

    public int offDtStruct() {
        return offStruct;
    }

    public int offDtStrings() {
        return offStrings;
    }

    public int sizeDtStrings() {
        return sizeStrings;
    }

    public int sizeDtStruct() {
        return sizeStruct;
    }

    public int version() {
        return version;
    }
}
