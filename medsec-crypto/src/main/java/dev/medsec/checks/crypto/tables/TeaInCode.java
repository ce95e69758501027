package dev.medsec.checks.crypto.tables;

import dev.medsec.core.content.BytePattern;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.ElfMachine;
import dev.medsec.elf.Section;
import dev.medsec.elf.Symbol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The TEA family (TEA, XTEA, XXTEA) in machine code: its delta 0x9E3779B9 (or the negation 0x61C88647 that
 * compilers use for {@code sum -= -delta}) materialised in an instruction, together with the round's shifts in
 * the same function. The delta alone is the golden ratio that hash tables and random number generators use too
 * (Boost's hash_combine, the kernel's hash_32, splitmix64); those shift by 6 and 2, or by 16 and more, never by
 * both 4 and 5 as every TEA round does ({@code (v << 4) ... (v >> 5)}).
 *
 * <p>How a 32-bit constant reaches a register depends on the architecture: an imm32 operand on x86, a literal
 * pool word on ARM, a MOVZ/MOVK pair on AArch64, MOVW/MOVT on ARMv7 (ARM and Thumb-2), LUI with ADDIU or ORI on
 * MIPS. Each second instruction of a pair carries the high half at fixed bits, which gives the anchors for the
 * scan's automaton; the pair is then decoded to the full value.
 */
public final class TeaInCode {
    public static final int DELTA = 0x9E3779B9;
    public static final int DELTA_NEG = 0x61C88647;
    /** How far (bytes) around the constant the round's shifts are looked for when no symbol gives the function. */
    static final int WINDOW = 384;
    /** The low half is loaded at most this many instructions away from the high half. */
    private static final int PAIR_DISTANCE = 8;
    private static final String PREFIX = "tea-load/";
    private static final int[] HIGH_HALVES = {DELTA >>> 16, DELTA_NEG >>> 16, (DELTA_NEG >>> 16) + 1};

    /** Shifts by a constant amount seen in a function. */
    public enum Shift { LSL2, LSL4, LSR3, LSR5 }

    /** A delta found in code: where, how it was loaded, and the shifts of its function. */
    public record Sighting(long offset, String how, Set<Shift> shifts, String function) {
        /** TEA and XTEA rounds shift by 4 left and 5 right; XXTEA's MX also by 2 left and 3 right. */
        public Optional<String> variant() {
            if (shifts.containsAll(EnumSet.of(Shift.LSL4, Shift.LSR5, Shift.LSL2, Shift.LSR3))) {
                return Optional.of("XXTEA");
            }
            return shifts.containsAll(EnumSet.of(Shift.LSL4, Shift.LSR5)) ? Optional.of("TEA/XTEA") : Optional.empty();
        }
    }

    private TeaInCode() {
    }

    /** Anchors for the second instruction of a constant-load pair, per architecture and encoding. */
    public static List<BytePattern> patterns() {
        List<BytePattern> out = new ArrayList<>();
        for (int hi : HIGH_HALVES) {
            String h = Integer.toHexString(hi);
            for (int rd = 0; rd < 31; rd++) {
                // AArch64 MOVK Wd, #hi, LSL #16 (32-bit arithmetic, as TEA's is), little-endian words
                out.add(new BytePattern(PREFIX + "a64-movk/" + h + "/" + rd, le(0x72A00000 | hi << 5 | rd), false));
            }
            // Thumb-2 MOVT Rd, #hi: two little-endian halfwords, Rd in the second
            int hw1 = 0xF2C0 | ((hi >>> 11) & 1) << 10 | hi >>> 12;
            for (int rd = 0; rd < 15; rd++) {
                int hw2 = ((hi >>> 8) & 7) << 12 | rd << 8 | hi & 0xFF;
                out.add(new BytePattern(PREFIX + "t32-movt/" + h + "/" + rd,
                        new byte[] {(byte) hw1, (byte) (hw1 >>> 8), (byte) hw2, (byte) (hw2 >>> 8)}, false));
            }
            for (int rd = 0; rd < 16; rd++) {
                // A32 MOVT Rd, #hi (condition always), little-endian words
                int a = 0xE3400000 | (hi >>> 12) << 16 | rd << 12 | (hi & 0xFFF);
                out.add(new BytePattern(PREFIX + "a32-movt/" + h + "/" + rd, le(a), false));
            }
            for (int rt = 1; rt < 32; rt++) {
                // MIPS LUI rt, #hi, in both byte orders
                int l = 0x3C000000 | rt << 16 | hi;
                out.add(new BytePattern(PREFIX + "mips-lui-be/" + h + "/" + rt, be(l), false));
                out.add(new BytePattern(PREFIX + "mips-lui-le/" + h + "/" + rt, le(l), false));
            }
        }
        return List.copyOf(out);
    }

    public static boolean isPattern(String patternId) {
        return patternId.startsWith(PREFIX);
    }

    /**
     * The deltas loaded at the anchor hits (and at literal hits of the delta, {@code literalOffsets}) that sit in
     * an executable section of {@code elf}, each with the shifts of its function. Hits whose pair does not decode
     * to the delta are dropped.
     */
    public static List<Sighting> find(ElfFile elf, ByteBuffer file, List<Long> anchorOffsets, List<Long> literalOffsets) {
        List<Sighting> out = new ArrayList<>();
        ElfMachine m = elf.machine();
        int referenceScans = 0;
        for (long at : anchorOffsets) {
            if (out.size() >= MAX_SIGHTINGS) {
                break;
            }
            Optional<Section> text = executableSection(elf, at);
            if (text.isEmpty()) {
                continue;
            }
            Optional<String> how = decodePair(m, elf.order(), file, text.get(), at);
            how.ifPresent(h -> out.add(sighting(elf, file, text.get(), at, h)));
        }
        for (long at : literalOffsets) {
            if (out.size() >= MAX_SIGHTINGS) {
                break;
            }
            // x86 imm32 operands and literal pools inside .text; on x86 a delta in .rodata counts at the
            // instructions that address it (RIP-relative or absolute), and their function is the one judged.
            Optional<Section> text = executableSection(elf, at);
            if (text.isEmpty() && (m == ElfMachine.X86 || m == ElfMachine.X86_64) && !isGoldenRatio64(file, at, elf.order())) {
                // each costs a pass over the code: a file full of the constant gets a few, not one per copy
                if (++referenceScans > MAX_REFERENCE_SCANS) {
                    continue;
                }
                for (long ref : x86References(elf, file, at)) {
                    executableSection(elf, ref).ifPresent(t -> out.add(sighting(elf, file, t, ref,
                            "constant in " + sectionName(elf, at) + " loaded by the code")));
                }
                continue;
            }
            if (text.isPresent() && !isMultiplication(m, file, at) && !isGoldenRatio64(file, at, elf.order())) {
                out.add(sighting(elf, file, text.get(), at, m == ElfMachine.X86 || m == ElfMachine.X86_64
                        ? "imm32 operand" : "literal word in code"));
            }
        }
        return out;
    }

    private static Sighting sighting(ElfFile elf, ByteBuffer file, Section text, long at, String how) {
        long[] range = functionRange(elf, text, at);
        // a hostile section table may claim bytes the file does not have
        Set<Shift> shifts = shifts(elf.machine(), elf.order(), file, range[0], Math.min(range[1], file.limit()));
        return new Sighting(at, how, shifts, range.length > 2 ? symbolName(elf, range[2]) : "");
    }

    /** Each sighting costs a pass over its function: a file with thousands of anchor hits is judged on the first. */
    static final int MAX_SIGHTINGS = 32;
    /** Constants in .rodata whose references are searched for (each search is a pass over the code). */
    static final int MAX_REFERENCE_SCANS = 4;

    /** Bounds the reference search of a hostile file: code sections beyond this are not searched. */
    private static final long MAX_REFERENCE_SCAN = 64L << 20;

    /** Offsets in code of 32-bit displacements that address the allocated byte at file offset {@code literal}. */
    static List<Long> x86References(ElfFile elf, ByteBuffer file, long literal) {
        List<Long> out = new ArrayList<>();
        OptionalLongHolder target = vaddrOf(elf, literal);
        if (target == null) {
            return out;
        }
        ByteBuffer le = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long scanned = 0;
        for (Section s : elf.sections()) {
            if ((s.flags() & Section.SHF_EXECINSTR) == 0 || !s.hasFileBytes() || s.offset() + s.size() > file.limit()) {
                continue;
            }
            for (long i = s.offset(); i + 4 <= s.offset() + s.size() && scanned < MAX_REFERENCE_SCAN; i++, scanned++) {
                int disp = le.getInt((int) i);
                long next = s.addr() + (i - s.offset()) + 4;
                if (next + disp == target.value || (elf.machine() == ElfMachine.X86 && (disp & 0xFFFFFFFFL) == target.value)) {
                    out.add(i);
                    if (out.size() == 8) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    private record OptionalLongHolder(long value) {
    }

    private static OptionalLongHolder vaddrOf(ElfFile elf, long offset) {
        for (Section s : elf.sections()) {
            if ((s.flags() & Section.SHF_ALLOC) != 0 && s.hasFileBytes() && offset >= s.offset()
                    && offset < s.offset() + s.size()) {
                return new OptionalLongHolder(s.addr() + (offset - s.offset()));
            }
        }
        return null;
    }

    private static String sectionName(ElfFile elf, long offset) {
        for (Section s : elf.sections()) {
            if (s.hasFileBytes() && offset >= s.offset() && offset < s.offset() + s.size()) {
                return s.name();
            }
        }
        return "data";
    }

    private static Optional<Section> executableSection(ElfFile elf, long offset) {
        for (Section s : elf.sections()) {
            if ((s.flags() & Section.SHF_EXECINSTR) != 0 && s.hasFileBytes() && offset >= s.offset()
                    && offset < s.offset() + s.size()) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Decodes the pair whose second instruction the anchor found; the description when it loads the delta. */
    static Optional<String> decodePair(ElfMachine m, ByteOrder order, ByteBuffer f, Section text, long hit) {
        long lo = text.offset();
        long hi = Math.min(text.offset() + text.size(), f.limit());
        switch (m) {
            case AARCH64 -> {
                long insn = hit;
                if (insn < lo || (insn - lo) % 4 != 0 || insn + 4 > hi) {
                    return Optional.empty();
                }
                ByteBuffer b = f.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                int movk = b.getInt((int) insn);
                int rd = movk & 31;
                int high = (movk >>> 5) & 0xFFFF;
                for (int d = -PAIR_DISTANCE; d <= PAIR_DISTANCE; d++) {
                    long p = insn + 4L * d;
                    if (d == 0 || p < lo || p + 4 > hi) {
                        continue;
                    }
                    int w = b.getInt((int) p);
                    // MOVZ Wd/Xd, #imm16 (hw = 0), same register
                    if ((w & 0x7FE00000) == 0x52800000 && (w & 31) == rd && isDelta(high << 16 | (w >>> 5) & 0xFFFF)) {
                        return Optional.of("MOVZ/MOVK pair");
                    }
                }
            }
            case ARM -> {
                Optional<String> thumb = thumbPair(f, lo, hi, hit);
                if (thumb.isPresent()) {
                    return thumb;
                }
                return a32Pair(f, lo, hi, hit);
            }
            case MIPS -> {
                if ((hit - lo) % 4 != 0 || hit + 4 > hi) {
                    return Optional.empty();
                }
                ByteBuffer b = f.duplicate().order(order);
                int lui = b.getInt((int) hit);
                int rt = (lui >>> 16) & 31;
                int high = lui & 0xFFFF;
                for (int d = 1; d <= PAIR_DISTANCE; d++) {
                    long p = hit + 4L * d;
                    if (p + 4 > hi) {
                        break;
                    }
                    int w = b.getInt((int) p);
                    int op = w >>> 26;
                    if ((op == 0x09 || op == 0x0D) && ((w >>> 21) & 31) == rt) {
                        int low = w & 0xFFFF;
                        int value = op == 0x09 ? (high << 16) + (short) low : high << 16 | low;
                        return isDelta(value) ? Optional.of(op == 0x09 ? "LUI/ADDIU pair" : "LUI/ORI pair") : Optional.empty();
                    }
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> thumbPair(ByteBuffer f, long lo, long hi, long hit) {
        if ((hit - lo) % 2 != 0 || hit + 4 > hi) {
            return Optional.empty();
        }
        ByteBuffer b = f.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int hw1 = b.getShort((int) hit) & 0xFFFF;
        int hw2 = b.getShort((int) hit + 2) & 0xFFFF;
        if ((hw1 & 0xFBF0) != 0xF2C0 || (hw2 & 0x8000) != 0) {
            return Optional.empty();
        }
        int rd = (hw2 >>> 8) & 0xF;
        int high = t32Imm16(hw1, hw2);
        for (int d = -2 * PAIR_DISTANCE; d <= 2 * PAIR_DISTANCE; d++) {
            long p = hit + 2L * d;
            if (d == 0 || p < lo || p + 4 > hi) {
                continue;
            }
            int w1 = b.getShort((int) p) & 0xFFFF;
            int w2 = b.getShort((int) p + 2) & 0xFFFF;
            if ((w1 & 0xFBF0) == 0xF240 && (w2 & 0x8000) == 0 && ((w2 >>> 8) & 0xF) == rd
                    && isDelta(high << 16 | t32Imm16(w1, w2))) {
                return Optional.of("MOVW/MOVT pair (Thumb-2)");
            }
        }
        return Optional.empty();
    }

    private static int t32Imm16(int hw1, int hw2) {
        return (hw1 & 0xF) << 12 | ((hw1 >>> 10) & 1) << 11 | ((hw2 >>> 12) & 7) << 8 | hw2 & 0xFF;
    }

    private static Optional<String> a32Pair(ByteBuffer f, long lo, long hi, long hit) {
        if ((hit - lo) % 4 != 0 || hit + 4 > hi) {
            return Optional.empty();
        }
        ByteBuffer b = f.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int movt = b.getInt((int) hit);
        int rd = (movt >>> 12) & 0xF;
        int high = (movt >>> 4) & 0xF000 | movt & 0xFFF;
        for (int d = -PAIR_DISTANCE; d <= PAIR_DISTANCE; d++) {
            long p = hit + 4L * d;
            if (d == 0 || p < lo || p + 4 > hi) {
                continue;
            }
            int w = b.getInt((int) p);
            if ((w & 0x0FF00000) == 0x03000000 && ((w >>> 12) & 0xF) == rd
                    && isDelta(high << 16 | (w >>> 4) & 0xF000 | w & 0xFFF)) {
                return Optional.of("MOVW/MOVT pair (ARM)");
            }
        }
        return Optional.empty();
    }

    private static boolean isDelta(int v) {
        return v == DELTA || v == DELTA_NEG;
    }

    /** x86 IMUL r, r/m, imm32 (69 /r id) with a register operand: multiplicative hashing, not a TEA sum. */
    private static boolean isMultiplication(ElfMachine m, ByteBuffer f, long at) {
        return (m == ElfMachine.X86 || m == ElfMachine.X86_64) && at >= 2 && (f.get((int) at - 2) & 0xFF) == 0x69
                && (f.get((int) at - 1) & 0xC0) == 0xC0;
    }

    /** The high word of the 64-bit golden ratio 0x9E3779B97F4A7C15 (splitmix64, Fibonacci hashing). */
    private static boolean isGoldenRatio64(ByteBuffer f, long at, ByteOrder order) {
        if (order == ByteOrder.LITTLE_ENDIAN) {
            return at >= 4 && f.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt((int) at - 4) == 0x7F4A7C15;
        }
        return at + 8 <= f.limit() && f.duplicate().order(ByteOrder.BIG_ENDIAN).getInt((int) at + 4) == 0x7F4A7C15;
    }

    /** [start, end) of the function holding {@code at} (plus the symbol's value), or a window in the section. */
    private static long[] functionRange(ElfFile elf, Section text, long at) {
        long vaddr = text.addr() + (at - text.offset());
        try {
            for (Symbol s : elf.staticSymbols()) {
                long value = s.value() & ~1L; // Thumb function addresses have bit 0 set
                if (s.kind() == Symbol.Kind.FUNC && s.isDefined() && s.size() > 0 && vaddr >= value
                        && vaddr < value + s.size()) {
                    long start = text.offset() + (value - text.addr());
                    return new long[] {Math.max(text.offset(), start),
                            Math.min(text.offset() + text.size(), start + s.size()), s.value()};
                }
            }
        } catch (ElfFormatException e) {
            // no usable symbol table: the window below
        }
        // aligned to the section's instruction grid (4 bytes; an anchor hit may sit inside an instruction)
        long from = Math.max(text.offset(), at - WINDOW);
        from = text.offset() + ((from - text.offset()) & ~3L);
        return new long[] {from, Math.min(text.offset() + text.size(), at + WINDOW)};
    }

    private static String symbolName(ElfFile elf, long value) {
        try {
            for (Symbol s : elf.staticSymbols()) {
                if (s.kind() == Symbol.Kind.FUNC && s.value() == value) {
                    return s.name();
                }
            }
        } catch (ElfFormatException e) {
            return "";
        }
        return "";
    }

    /** Shifts by 2, 3, 4 and 5 that instructions in [from, to) perform, decoded for the architecture. */
    static Set<Shift> shifts(ElfMachine m, ByteOrder order, ByteBuffer f, long from, long to) {
        Set<Shift> out = EnumSet.noneOf(Shift.class);
        ByteBuffer b = f.duplicate().order(order);
        switch (m) {
            case X86, X86_64 -> {
                for (long i = from; i + 3 <= to; i++) {
                    // C1 /4 ib (SHL r32, imm8) and C1 /5 ib (SHR r32, imm8), register operand
                    // 66 0F 72 /6 ib (PSLLD) and /2 ib (PSRLD): the same rounds vectorised with SSE2
                    if (i + 5 <= to && (b.get((int) i) & 0xFF) == 0x66 && (b.get((int) i + 1) & 0xFF) == 0x0F
                            && (b.get((int) i + 2) & 0xFF) == 0x72) {
                        int modrm = b.get((int) i + 3) & 0xFF;
                        int amount = b.get((int) i + 4) & 0xFF;
                        if ((modrm & 0xF8) == 0xF0) {
                            left(out, amount);
                        } else if ((modrm & 0xF8) == 0xD0) {
                            right(out, amount);
                        }
                    }
                    if ((b.get((int) i) & 0xFF) == 0xC1) {
                        int modrm = b.get((int) i + 1) & 0xFF;
                        int amount = b.get((int) i + 2) & 0xFF;
                        if ((modrm & 0xF8) == 0xE0) {
                            left(out, amount);
                        } else if ((modrm & 0xF8) == 0xE8) {
                            right(out, amount);
                        }
                    }
                }
            }
            case AARCH64 -> {
                for (long i = from; i + 4 <= to; i += 4) {
                    int w = b.getInt((int) i);
                    if ((w & 0x7F800000) == 0x53000000) {
                        // UBFM: LSL #n is immr = (size - n) % size, imms = size - 1 - n; LSR #n is immr = n, imms = size - 1
                        int size = w < 0 ? 64 : 32;
                        int immr = (w >>> 16) & 0x3F;
                        int imms = (w >>> 10) & 0x3F;
                        if (imms == size - 1) {
                            right(out, immr);
                        } else if (immr == imms + 1) {
                            left(out, size - immr);
                        }
                    } else if ((w & 0x1F200000) == 0x0B000000 || (w & 0x1F000000) == 0x0A000000) {
                        // ADD/SUB and AND/ORR/EOR/BIC with a shifted register operand
                        int type = (w >>> 22) & 3;
                        int amount = (w >>> 10) & 0x3F;
                        shifted(out, type, amount);
                    }
                }
            }
            case ARM -> {
                ByteBuffer le = f.duplicate().order(ByteOrder.LITTLE_ENDIAN);
                for (long i = from; i + 4 <= to; i += 2) {
                    int hw1 = le.getShort((int) i) & 0xFFFF;
                    int hw2 = le.getShort((int) i + 2) & 0xFFFF;
                    if ((hw1 & 0xFE00) == 0xEA00 && (hw2 & 0x8000) == 0) {
                        // Thumb-2 data processing with a shifted register (ADD.W, EOR.W, MOV.W = LSL.W ...)
                        shifted(out, (hw2 >>> 4) & 3, ((hw2 >>> 12) & 7) << 2 | (hw2 >>> 6) & 3);
                    } else if ((hw1 & 0xF800) == 0x0000 || (hw1 & 0xF800) == 0x0800) {
                        // Thumb LSLS/LSRS Rd, Rm, #imm5
                        shifted(out, hw1 >>> 11, (hw1 >>> 6) & 31);
                    }
                    if ((i - from) % 4 == 0) {
                        int w = le.getInt((int) i);
                        if ((w & 0x0E000010) == 0 && (w >>> 28) == 0xE) {
                            // A32 data processing, register operand shifted by an immediate
                            shifted(out, (w >>> 5) & 3, (w >>> 7) & 31);
                        }
                    }
                }
            }
            case MIPS -> {
                for (long i = from; i + 4 <= to; i += 4) {
                    int w = b.getInt((int) i);
                    if (w >>> 26 == 0 && ((w >>> 21) & 31) == 0) {
                        int funct = w & 0x3F;
                        int sa = (w >>> 6) & 31;
                        if (funct == 0x00) {
                            left(out, sa);
                        } else if (funct == 0x02) {
                            right(out, sa);
                        }
                    }
                }
            }
            default -> {
            }
        }
        return out;
    }

    private static void shifted(Set<Shift> out, int type, int amount) {
        if (type == 0) {
            left(out, amount);
        } else if (type == 1) {
            right(out, amount);
        }
    }

    private static void left(Set<Shift> out, int amount) {
        if (amount == 2) {
            out.add(Shift.LSL2);
        } else if (amount == 4) {
            out.add(Shift.LSL4);
        }
    }

    private static void right(Set<Shift> out, int amount) {
        if (amount == 3) {
            out.add(Shift.LSR3);
        } else if (amount == 5) {
            out.add(Shift.LSR5);
        }
    }

    private static byte[] le(int w) {
        return new byte[] {(byte) w, (byte) (w >>> 8), (byte) (w >>> 16), (byte) (w >>> 24)};
    }

    private static byte[] be(int w) {
        return new byte[] {(byte) (w >>> 24), (byte) (w >>> 16), (byte) (w >>> 8), (byte) w};
    }
}
