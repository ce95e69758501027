package dev.medsec.code.jvm;

import java.util.HashMap;
import java.util.Map;

/**
 * Bytecode offsets of each instruction of each method, read from the class file's Code attributes. ASM's tree
 * API does not expose offsets; its instruction list holds one node per class-file instruction in order, so the
 * n-th real instruction of a method is at the n-th offset computed here. Every read is bounds-checked; on any
 * inconsistency a method simply has no offsets.
 */
final class BytecodeOffsets {
    private final byte[] b;
    private final int[] cpOffsets;

    private BytecodeOffsets(byte[] b, int[] cpOffsets) {
        this.b = b;
        this.cpOffsets = cpOffsets;
    }

    /** Offsets per method key "name+desc"; empty map on any structural problem. */
    static Map<String, int[]> read(byte[] b) {
        try {
            return new BytecodeOffsets(b, constantPool(b)).methods();
        } catch (IndexOutOfBoundsException | IllegalStateException e) {
            return Map.of();
        }
    }

    private int u1(int off) {
        if (off < 0 || off >= b.length) {
            throw new IndexOutOfBoundsException(off);
        }
        return b[off] & 0xff;
    }

    private int u2(int off) {
        return (u1(off) << 8) | u1(off + 1);
    }

    private int s4(int off) {
        return (u2(off) << 16) | u2(off + 2);
    }

    private static int[] constantPool(byte[] b) {
        BytecodeOffsets r = new BytecodeOffsets(b, new int[0]);
        int count = r.u2(8);
        int[] offs = new int[count];
        int off = 10;
        for (int i = 1; i < count; i++) {
            offs[i] = off;
            int tag = r.u1(off);
            switch (tag) {
                case 1 -> off += 3 + r.u2(off + 1);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> off += 5;
                case 5, 6 -> {
                    off += 9;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> off += 3;
                case 15 -> off += 4;
                default -> throw new IllegalStateException("constant pool tag " + tag);
            }
        }
        offs[0] = off;
        return offs;
    }

    private String utf8(int index) {
        if (index <= 0 || index >= cpOffsets.length || u1(cpOffsets[index]) != 1) {
            throw new IllegalStateException("not a Utf8 entry");
        }
        int off = cpOffsets[index];
        int len = u2(off + 1);
        u1(off + 2 + len);
        // Modified UTF-8 of plain ASCII names is what matters here; others only need to be stable keys.
        return new String(b, off + 3, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Map<String, int[]> methods() {
        int off = cpOffsets[0] + 6;
        off += 2 + 2 * u2(off);
        int fields = u2(off);
        off += 2;
        for (int i = 0; i < fields; i++) {
            off = skipMember(off);
        }
        int methods = u2(off);
        off += 2;
        Map<String, int[]> out = new HashMap<>();
        for (int i = 0; i < methods; i++) {
            String key = utf8(u2(off + 2)) + utf8(u2(off + 4));
            int attrs = u2(off + 6);
            int a = off + 8;
            for (int j = 0; j < attrs; j++) {
                int len = s4(a + 2);
                if (len < 0) {
                    throw new IllegalStateException("attribute length");
                }
                if (utf8(u2(a)).equals("Code")) {
                    int codeLen = s4(a + 10);
                    int code = a + 14;
                    if (codeLen < 0 || code + codeLen > b.length) {
                        throw new IllegalStateException("code length");
                    }
                    out.put(key, instructionOffsets(code, codeLen));
                }
                a += 6 + len;
            }
            off = a;
        }
        return out;
    }

    private int skipMember(int off) {
        int attrs = u2(off + 6);
        int a = off + 8;
        for (int j = 0; j < attrs; j++) {
            int len = s4(a + 2);
            if (len < 0) {
                throw new IllegalStateException("attribute length");
            }
            a += 6 + len;
        }
        return a;
    }

    private int[] instructionOffsets(int code, int codeLen) {
        int[] offs = new int[Math.min(codeLen, 1 << 16)];
        int n = 0;
        int pc = 0;
        while (pc < codeLen) {
            offs[n++] = pc;
            int op = u1(code + pc);
            pc += length(op, code, pc);
        }
        return java.util.Arrays.copyOf(offs, n);
    }

    private int length(int op, int code, int pc) {
        if (op == 0xaa) {
            int p = (pc + 4) & ~3;
            int low = s4(code + p + 4);
            int high = s4(code + p + 8);
            long entries = (long) high - low + 1;
            if (entries < 0 || entries > 65536) {
                throw new IllegalStateException("tableswitch");
            }
            return p - pc + 12 + (int) entries * 4;
        }
        if (op == 0xab) {
            int p = (pc + 4) & ~3;
            int pairs = s4(code + p + 4);
            if (pairs < 0 || pairs > 65536) {
                throw new IllegalStateException("lookupswitch");
            }
            return p - pc + 8 + pairs * 8;
        }
        if (op == 0xc4) {
            return u1(code + pc + 1) == 0x84 ? 6 : 4;
        }
        if (op <= 0x0f || (op >= 0x1a && op <= 0x35) || (op >= 0x3b && op <= 0x83) || (op >= 0x85 && op <= 0x98)
                || (op >= 0xac && op <= 0xb1) || op == 0xbe || op == 0xbf || op == 0xc2 || op == 0xc3) {
            return 1;
        }
        if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a) || op == 0xa9
                || op == 0xbc) {
            return 2;
        }
        if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) {
            return 5;
        }
        if (op == 0xc5) {
            return 4;
        }
        if (op > 0xc9) {
            throw new IllegalStateException("opcode " + op);
        }
        return 3;
    }
}
