package dev.medsec.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a small, valid dynamic ELF by hand, field by field, so that tests can corrupt one field at a time and
 * know exactly which one. Layout: header, 3 program headers (LOAD over the whole file, INTERP, DYNAMIC),
 * interpreter string, dynamic string table, dynamic section (NEEDED, STRTAB, STRSZ, NULL), section-name table,
 * 3 section headers (null, .dynstr, .shstrtab). Virtual addresses equal file offsets.
 */
final class MiniElf {
    static final String INTERP = "/lib/ld.so";
    static final String DYNSTR = "\0libc.so.6\0";
    static final String SHSTRTAB = "\0.dynstr\0.shstrtab\0";

    final boolean wide;
    final ByteOrder order;
    final int ehsize;
    final int phentsize;
    final int shentsize;
    final int dynent;
    final int phoff;
    final int interpOff;
    final int dynstrOff;
    final int dynamicOff;
    final int shstrOff;
    final int shoff;
    final int size;

    MiniElf(boolean wide, ByteOrder order) {
        this.wide = wide;
        this.order = order;
        ehsize = wide ? 64 : 52;
        phentsize = wide ? 56 : 32;
        shentsize = wide ? 64 : 40;
        dynent = wide ? 16 : 8;
        phoff = ehsize;
        interpOff = phoff + 3 * phentsize;
        dynstrOff = align(interpOff + INTERP.length() + 1);
        dynamicOff = align(dynstrOff + DYNSTR.length());
        shstrOff = dynamicOff + 4 * dynent;
        shoff = align(shstrOff + SHSTRTAB.length());
        size = shoff + 3 * shentsize;
    }

    private static int align(int v) {
        return (v + 7) & ~7;
    }

    byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        // e_ident: magic, class, data, version, OS ABI
        b.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        b.put(4, (byte) (wide ? 2 : 1));
        b.put(5, (byte) (order == ByteOrder.LITTLE_ENDIAN ? 1 : 2));
        b.put(6, (byte) 1);
        b.putShort(16, (short) 3);                       // e_type: ET_DYN
        b.putShort(18, (short) (wide ? 62 : 8));        // e_machine: x86-64 or MIPS
        b.putInt(20, 1);                                // e_version
        word(b, 24, 0x100);                             // e_entry
        word(b, wide ? 32 : 28, phoff);                 // e_phoff
        word(b, wide ? 40 : 32, shoff);                 // e_shoff
        int q = wide ? 48 : 36;
        b.putInt(q, 0);                                 // e_flags
        b.putShort(q + 4, (short) ehsize);              // e_ehsize
        b.putShort(q + 6, (short) phentsize);           // e_phentsize
        b.putShort(q + 8, (short) 3);                   // e_phnum
        b.putShort(q + 10, (short) shentsize);          // e_shentsize
        b.putShort(q + 12, (short) 3);                  // e_shnum
        b.putShort(q + 14, (short) 2);                  // e_shstrndx
        phdr(b, 0, 1, 5, 0, size);                      // PT_LOAD R+X over the whole file
        phdr(b, 1, 3, 4, interpOff, INTERP.length() + 1);  // PT_INTERP
        phdr(b, 2, 2, 6, dynamicOff, 4L * dynent);      // PT_DYNAMIC
        put(b, interpOff, INTERP + "\0");
        put(b, dynstrOff, DYNSTR);
        dyn(b, 0, 1, 1);                                // DT_NEEDED "libc.so.6"
        dyn(b, 1, 5, dynstrOff);                        // DT_STRTAB
        dyn(b, 2, 10, DYNSTR.length());                 // DT_STRSZ
        dyn(b, 3, 0, 0);                                // DT_NULL
        put(b, shstrOff, SHSTRTAB);
        shdr(b, 1, 1, 3, dynstrOff, DYNSTR.length());   // .dynstr, SHT_STRTAB
        shdr(b, 2, 9, 3, shstrOff, SHSTRTAB.length());  // .shstrtab, SHT_STRTAB
        return b.array();
    }

    private void word(ByteBuffer b, int off, long v) {
        if (wide) {
            b.putLong(off, v);
        } else {
            b.putInt(off, (int) v);
        }
    }

    private static void put(ByteBuffer b, int off, String s) {
        b.put(off, s.getBytes(StandardCharsets.US_ASCII));
    }

    int phdrAt(int i) {
        return phoff + i * phentsize;
    }

    int shdrAt(int i) {
        return shoff + i * shentsize;
    }

    private void phdr(ByteBuffer b, int i, int type, int flags, long off, long filesz) {
        int o = phdrAt(i);
        b.putInt(o, type);
        if (wide) {
            b.putInt(o + 4, flags);
            b.putLong(o + 8, off);
            b.putLong(o + 16, off);
            b.putLong(o + 24, off);
            b.putLong(o + 32, filesz);
            b.putLong(o + 40, filesz);
            b.putLong(o + 48, 8);
        } else {
            b.putInt(o + 4, (int) off);
            b.putInt(o + 8, (int) off);
            b.putInt(o + 12, (int) off);
            b.putInt(o + 16, (int) filesz);
            b.putInt(o + 20, (int) filesz);
            b.putInt(o + 24, flags);
            b.putInt(o + 28, 4);
        }
    }

    private void dyn(ByteBuffer b, int i, long tag, long val) {
        int o = dynamicOff + i * dynent;
        word(b, o, tag);
        word(b, o + dynent / 2, val);
    }

    private void shdr(ByteBuffer b, int i, int name, int type, long off, long sz) {
        int o = shdrAt(i);
        b.putInt(o, name);
        b.putInt(o + 4, type);
        if (wide) {
            b.putLong(o + 24, off);
            b.putLong(o + 32, sz);
            b.putLong(o + 48, 1);
        } else {
            b.putInt(o + 16, (int) off);
            b.putInt(o + 20, (int) sz);
            b.putInt(o + 32, 1);
        }
    }

    /** Offset of a field inside program header {@code i}, by its ELF64/ELF32 position. */
    int phField(int i, int off64, int off32) {
        return phdrAt(i) + (wide ? off64 : off32);
    }

    int shField(int i, int off64, int off32) {
        return shdrAt(i) + (wide ? off64 : off32);
    }

    int ehField(int off64, int off32) {
        return wide ? off64 : off32;
    }
}
