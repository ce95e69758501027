package dev.medsec.elf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/** Reads symbol tables: from section headers when present, else (.dynsym only) from the dynamic section. */
final class SymbolReader {
    private SymbolReader() {
    }

    static List<Symbol> dynamic(ElfFile elf) throws ElfFormatException {
        List<Section> dynsym = elf.sections(SectionType.DYNSYM);
        if (!dynsym.isEmpty()) {
            return fromSection(elf, dynsym.get(0), Symbol.Table.DYNAMIC);
        }
        return fromDynamicTags(elf);
    }

    static List<Symbol> staticTable(ElfFile elf) throws ElfFormatException {
        List<Section> symtab = elf.sections(SectionType.SYMTAB);
        return symtab.isEmpty() ? List.of() : fromSection(elf, symtab.get(0), Symbol.Table.STATIC);
    }

    private static int minEntry(ElfFile elf) {
        return elf.elfClass() == ElfClass.ELF64 ? 24 : 16;
    }

    private static List<Symbol> fromSection(ElfFile elf, Section s, Symbol.Table table) throws ElfFormatException {
        List<Section> all = elf.sections();
        if (s.link() <= 0 || s.link() >= all.size()) {
            throw new ElfFormatException("symbol table " + s.name() + " links to invalid string table " + s.link());
        }
        Section strtab = all.get(s.link());
        if (!strtab.hasFileBytes()) {
            throw new ElfFormatException("string table of " + s.name() + " has no file bytes");
        }
        long ent = s.entSize() >= minEntry(elf) ? s.entSize() : minEntry(elf);
        if (ent > 1024) {
            throw new ElfFormatException("symbol entry size " + s.entSize() + " of " + s.name() + " is implausible");
        }
        return read(elf, s.offset(), s.size() / ent, ent, strtab.offset(), strtab.size(), table);
    }

    /** Locates .dynsym like the loader does, for files whose section headers were removed. */
    private static List<Symbol> fromDynamicTags(ElfFile elf) throws ElfFormatException {
        OptionalLong symtab = elf.dynamicValue(DynamicTag.SYMTAB);
        if (symtab.isEmpty()) {
            return List.of();
        }
        OptionalLong off = elf.fileOffsetOf(symtab.getAsLong());
        if (off.isEmpty()) {
            throw new ElfFormatException("DT_SYMTAB address 0x" + Long.toHexString(symtab.getAsLong())
                    + " is not inside a loaded segment");
        }
        long ent = elf.dynamicValue(DynamicTag.SYMENT).orElse(minEntry(elf));
        if (ent < minEntry(elf) || ent > 1024) {
            throw new ElfFormatException("DT_SYMENT " + ent + " is implausible");
        }
        long count = symbolCountFromHash(elf);
        long[] str = elf.dynamicStringTable();
        return read(elf, off.getAsLong(), count, ent, str[0], str[1], Symbol.Table.DYNAMIC);
    }

    private static long symbolCountFromHash(ElfFile elf) throws ElfFormatException {
        Reader in = elf.reader();
        OptionalLong hash = elf.dynamicValue(DynamicTag.HASH);
        if (hash.isPresent()) {
            long o = require(elf, hash.getAsLong(), "DT_HASH");
            return in.u32(o + 4, "DT_HASH nchain");
        }
        OptionalLong gnu = elf.dynamicValue(DynamicTag.GNU_HASH);
        if (gnu.isEmpty()) {
            throw new ElfFormatException("no section headers and no DT_HASH/DT_GNU_HASH: symbol count unknown");
        }
        long o = require(elf, gnu.getAsLong(), "DT_GNU_HASH");
        long nbuckets = in.u32(o, "GNU hash nbuckets");
        long symoffset = in.u32(o + 4, "GNU hash symoffset");
        long bloomSize = in.u32(o + 8, "GNU hash bloom size");
        long buckets = o + 16 + bloomSize * elf.elfClass().wordSize();
        in.check(buckets, nbuckets * 4, "GNU hash buckets");
        long max = 0;
        for (long i = 0; i < nbuckets; i++) {
            max = Math.max(max, in.u32(buckets + 4 * i, "GNU hash bucket"));
        }
        if (max < symoffset) {
            return symoffset;
        }
        long chains = buckets + nbuckets * 4;
        long idx = max;
        // The last chain ends at the entry with bit 0 set; the file size bounds the walk.
        while (true) {
            long v = in.u32(chains + 4 * (idx - symoffset), "GNU hash chain");
            idx++;
            if ((v & 1) != 0) {
                return idx;
            }
        }
    }

    private static long require(ElfFile elf, long addr, String what) throws ElfFormatException {
        OptionalLong o = elf.fileOffsetOf(addr);
        if (o.isEmpty()) {
            throw new ElfFormatException(what + " address 0x" + Long.toHexString(addr) + " is not inside a loaded segment");
        }
        return o.getAsLong();
    }

    private static List<Symbol> read(ElfFile elf, long off, long count, long ent, long strOff, long strSize,
                                     Symbol.Table table) throws ElfFormatException {
        Reader in = elf.reader();
        if (count < 0 || count > in.size() / ent) {
            throw new ElfFormatException(table + " symbol count " + count + " exceeds the file");
        }
        in.check(off, count * ent, table + " symbol table");
        in.check(strOff, strSize, table + " symbol string table");
        boolean wide = elf.elfClass() == ElfClass.ELF64;
        List<Symbol> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            long o = off + i * ent;
            long name = in.u32(o, "st_name");
            long value;
            long size;
            int info;
            int other;
            int shndx;
            if (wide) {
                info = in.u8(o + 4, "st_info");
                other = in.u8(o + 5, "st_other");
                shndx = in.u16(o + 6, "st_shndx");
                value = in.u64(o + 8, "st_value");
                size = in.u64(o + 16, "st_size");
            } else {
                value = in.u32(o + 4, "st_value");
                size = in.u32(o + 8, "st_size");
                info = in.u8(o + 12, "st_info");
                other = in.u8(o + 13, "st_other");
                shndx = in.u16(o + 14, "st_shndx");
            }
            String n = "";
            if (name != 0) {
                if (name >= strSize) {
                    throw new ElfFormatException(table + " symbol " + i + " name offset " + name
                            + " outside its string table (" + strSize + " bytes)");
                }
                n = in.cstringOrNull(strOff + name, strOff + strSize);
                if (n == null) {
                    throw in.cstringError(strOff + name, strOff + strSize, table + " symbol " + i + " name");
                }
            }
            out.add(new Symbol(n, value, size, Symbol.Binding.of(info >> 4), Symbol.Kind.of(info & 0xf), other & 3,
                    shndx, table));
        }
        return Collections.unmodifiableList(out);
    }
}
