package dev.medsec.checks.hardening;

import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.ElfMachine;
import dev.medsec.elf.Symbol;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds direct calls from one function to a set of addresses by decoding the call instructions of its machine:
 * x86 {@code call rel32}, AArch64 {@code bl}, ARM {@code bl} and Thumb-2 {@code bl/blx}, MIPS {@code jal/bal} and
 * the PIC sequence {@code lw $t9, off($gp)} through the GOT. Only used on statically linked files, whose call
 * targets are final addresses. Empty when the machine is not supported or the function is not in the file.
 */
final class CallSites {
    /** Code ranges larger than this are not scanned (bounds the work on hostile symbol sizes). */
    private static final long MAX_FUNCTION = 64L << 20;

    private CallSites() {
    }

    static Optional<Boolean> calls(ElfFile elf, Symbol fn, Set<Long> targets, List<Symbol> symtab)
            throws ElfFormatException {
        boolean thumb = elf.machine() == ElfMachine.ARM && (fn.value() & 1) != 0;
        long start = elf.machine() == ElfMachine.ARM ? fn.value() & ~1L : fn.value();
        if (fn.size() <= 0 || fn.size() > MAX_FUNCTION) {
            return Optional.empty();
        }
        OptionalLong off = elf.fileOffsetOf(start);
        if (off.isEmpty() || off.getAsLong() + fn.size() > elf.size()) {
            return Optional.empty();
        }
        ByteBuffer code = elf.fileBytes(off.getAsLong(), fn.size());
        if (elf.machine() == ElfMachine.ARM) {
            // Thumb function symbols carry the mode in bit 0; branch targets do not.
            Set<Long> even = new java.util.HashSet<>();
            for (long t : targets) {
                even.add(t & ~1L);
            }
            targets = even;
        }
        return switch (elf.machine()) {
            case X86, X86_64 -> Optional.of(x86(code, start, targets));
            case AARCH64 -> Optional.of(aarch64(code, start, targets));
            case ARM -> Optional.of(thumb ? thumb(code, start, targets) : arm(code, start, targets));
            case MIPS -> Optional.of(mips(elf, code, start, targets, symtab));
            default -> Optional.empty();
        };
    }

    private static boolean x86(ByteBuffer c, long base, Set<Long> targets) {
        for (int i = 0; i + 5 <= c.limit(); i++) {
            int op = c.get(i) & 0xff;
            if (op == 0xe8 || op == 0xe9) {
                int rel = c.get(i + 1) & 0xff | (c.get(i + 2) & 0xff) << 8 | (c.get(i + 3) & 0xff) << 16
                        | (c.get(i + 4) & 0xff) << 24;
                if (targets.contains(base + i + 5 + rel)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean aarch64(ByteBuffer c, long base, Set<Long> targets) {
        for (int i = 0; i + 4 <= c.limit(); i += 4) {
            int w = c.getInt(i);
            if ((w & 0xfc000000) == 0x94000000 || (w & 0xfc000000) == 0x14000000) {
                long imm = ((long) (w << 6)) >> 4;   // sign-extended imm26 * 4
                if (targets.contains(base + i + imm)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean arm(ByteBuffer c, long base, Set<Long> targets) {
        for (int i = 0; i + 4 <= c.limit(); i += 4) {
            int w = c.getInt(i);
            if ((w & 0x0f000000) == 0x0b000000) {
                long imm = ((long) (w << 8)) >> 6;   // sign-extended imm24 * 4
                if (targets.contains(base + i + 8 + imm)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean thumb(ByteBuffer c, long base, Set<Long> targets) {
        for (int i = 0; i + 4 <= c.limit(); i += 2) {
            int hw1 = c.getShort(i) & 0xffff;
            int hw2 = c.getShort(i + 2) & 0xffff;
            if ((hw1 & 0xf800) != 0xf000 || (hw2 & 0xc000) != 0xc000) {
                continue;
            }
            int s = (hw1 >> 10) & 1;
            int j1 = (hw2 >> 13) & 1;
            int j2 = (hw2 >> 11) & 1;
            int i1 = ~(j1 ^ s) & 1;
            int i2 = ~(j2 ^ s) & 1;
            int imm = (s << 24) | (i1 << 23) | (i2 << 22) | ((hw1 & 0x3ff) << 12) | ((hw2 & 0x7ff) << 1);
            long offset = ((long) (imm << 7)) >> 7;
            long pc = base + i + 4;
            boolean blx = (hw2 & 0x1000) == 0;
            long target = blx ? (pc & ~3L) + offset : pc + offset;
            if (targets.contains(target)) {
                return true;
            }
        }
        return false;
    }

    private static boolean mips(ElfFile elf, ByteBuffer c, long base, Set<Long> targets, List<Symbol> symtab)
            throws ElfFormatException {
        OptionalLong gp = symtab.stream().filter(s -> s.name().equals("_gp") && s.isDefined())
                .mapToLong(Symbol::value).findFirst();
        for (int i = 0; i + 4 <= c.limit(); i += 4) {
            int w = c.getInt(i);
            long pc = base + i;
            if ((w >>> 26) == 3) {                                        // jal
                if (targets.contains(((pc + 4) & 0xf0000000L) | ((long) (w & 0x03ffffff) << 2))) {
                    return true;
                }
            } else if ((w & 0xffff0000) == 0x04110000) {                   // bal
                if (targets.contains(pc + 4 + (((long) (short) w) << 2))) {
                    return true;
                }
            } else if ((w & 0xffff0000) == 0x8f990000 && gp.isPresent()) { // lw $t9, off($gp)
                OptionalLong slot = elf.fileOffsetOf(gp.getAsLong() + (short) w);
                if (slot.isPresent() && slot.getAsLong() + 4 <= elf.size()) {
                    long v = elf.fileBytes(slot.getAsLong(), 4).getInt(0) & 0xffffffffL;
                    if (targets.contains(v)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
