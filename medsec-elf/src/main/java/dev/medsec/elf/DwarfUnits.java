package dev.medsec.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads the root DIE of every compile unit in .debug_info (DWARF 2 to 5, 32- and 64-bit DWARF, zlib-compressed
 * sections) and returns its name, producer and compilation directory. The abbreviation of the root DIE is looked
 * up in .debug_abbrev and every attribute before the wanted ones is skipped by its form, so the reader does not
 * depend on the order a compiler emits them. Unknown forms end the unit's parsing with a format error rather
 * than a guess. Only linked files are meaningful: in relocatable objects string offsets are still relocations.
 */
public final class DwarfUnits {
    private static final int DW_AT_NAME = 0x03;
    private static final int DW_AT_COMP_DIR = 0x1b;
    private static final int DW_AT_PRODUCER = 0x25;
    private static final int DW_AT_STR_OFFSETS_BASE = 0x72;
    private static final long SHF_COMPRESSED = 0x800;
    /** Upper bound for a decompressed debug section. */
    private static final long MAX_INFLATED = 512L << 20;
    /** Upper bound on units read from one file (hostile .debug_info of zero-length units). */
    private static final int MAX_UNITS = 200_000;
    /** Abbreviation declarations read per file before giving up (real files need a few per unit). */
    private static final long MAX_ABBREV_DECLARATIONS = 5_000_000;

    private DwarfUnits() {
    }

    /** The compile units of the file; empty when it has no .debug_info. */
    public static List<CompileUnit> compileUnits(ElfFile elf) throws ElfFormatException {
        Optional<ByteBuffer> info = section(elf, ".debug_info");
        Optional<ByteBuffer> abbrev = section(elf, ".debug_abbrev");
        if (info.isEmpty() || abbrev.isEmpty()) {
            return List.of();
        }
        Strings strings = new Strings(section(elf, ".debug_str"), section(elf, ".debug_line_str"),
                section(elf, ".debug_str_offsets"));
        ByteBuffer b = info.get();
        List<CompileUnit> out = new ArrayList<>();
        java.util.Map<String, List<long[]>> abbrevCache = new java.util.HashMap<>();
        long[] budget = {MAX_ABBREV_DECLARATIONS};
        long pos = 0;
        while (pos + 11 <= b.limit() && out.size() < MAX_UNITS) {
            Cursor c = new Cursor(b, pos);
            long length = c.u32();
            int offsetSize = 4;
            if (length == 0xffffffffL) {
                length = c.u64();
                offsetSize = 8;
            } else if (length >= 0xfffffff0L) {
                throw new ElfFormatException(".debug_info unit at " + pos + " has reserved length 0x"
                        + Long.toHexString(length));
            }
            long end = c.pos + length;
            if (length < 2 || end > b.limit() || end < 0) {
                throw new ElfFormatException(".debug_info unit at " + pos + " of length " + length
                        + " runs past the section (" + b.limit() + " bytes)");
            }
            out.add(readUnit(b, c, pos, end, offsetSize, abbrev.get(), strings, abbrevCache, budget));
            pos = end;
        }
        return Collections.unmodifiableList(out);
    }

    private static CompileUnit readUnit(ByteBuffer b, Cursor c, long unitOffset, long end, int offsetSize,
                                        ByteBuffer abbrev, Strings strings,
                                        java.util.Map<String, List<long[]>> abbrevCache, long[] budget)
            throws ElfFormatException {
        int version = c.u16();
        int addressSize;
        long abbrevOffset;
        if (version >= 2 && version <= 4) {
            abbrevOffset = c.offset(offsetSize);
            addressSize = c.u8();
        } else if (version == 5) {
            int unitType = c.u8();
            addressSize = c.u8();
            abbrevOffset = c.offset(offsetSize);
            if (unitType == 4 || unitType == 5) {
                c.skip(8);                      // dwo_id of skeleton / split units
            } else if (unitType == 2 || unitType == 6) {
                c.skip(8 + offsetSize);         // type signature and type offset
            }
        } else {
            throw new ElfFormatException(".debug_info unit at " + unitOffset + " has unsupported DWARF version "
                    + version);
        }
        c.limit(end);
        long code = c.uleb();
        if (code == 0) {
            return new CompileUnit(unitOffset, version, Optional.empty(), Optional.empty(), Optional.empty());
        }
        String cacheKey = abbrevOffset + ":" + code;
        List<long[]> specs = abbrevCache.get(cacheKey);
        if (specs == null) {
            specs = Abbrevs.find(abbrev, abbrevOffset, code, budget);
            abbrevCache.put(cacheKey, specs);
        }
        Form.Context ctx = new Form.Context(offsetSize, addressSize, version);
        String name = null;
        String producer = null;
        String compDir = null;
        long strOffsetsBase = -1;
        List<long[]> pendingStrx = new ArrayList<>();
        for (long[] spec : specs) {
            int attr = (int) spec[0];
            int form = (int) spec[1];
            Form.Value v = Form.read(c, form, spec[2], ctx);
            if (attr == DW_AT_STR_OFFSETS_BASE) {
                strOffsetsBase = v.number();
            }
            if (attr != DW_AT_NAME && attr != DW_AT_PRODUCER && attr != DW_AT_COMP_DIR) {
                continue;
            }
            String s;
            if (v.kind() == Form.Kind.STRX) {
                pendingStrx.add(new long[] {attr, v.number()});
                continue;
            }
            s = strings.resolve(v);
            if (s == null) {
                continue;
            }
            switch (attr) {
                case DW_AT_NAME -> name = s;
                case DW_AT_PRODUCER -> producer = s;
                default -> compDir = s;
            }
        }
        for (long[] p : pendingStrx) {
            String s = strings.indexed(p[1], strOffsetsBase < 0 ? 8 : strOffsetsBase, offsetSize);
            switch ((int) p[0]) {
                case DW_AT_NAME -> name = s;
                case DW_AT_PRODUCER -> producer = s;
                default -> compDir = s;
            }
        }
        return new CompileUnit(unitOffset, version, Optional.ofNullable(name), Optional.ofNullable(producer),
                Optional.ofNullable(compDir));
    }

    /** A debug section's bytes, inflated when SHF_COMPRESSED (ELF compression header, zlib). */
    static Optional<ByteBuffer> section(ElfFile elf, String name) throws ElfFormatException {
        Optional<Section> s = elf.section(name);
        if (s.isEmpty() || !s.get().hasFileBytes()) {
            return Optional.empty();
        }
        ByteBuffer raw = elf.sectionBytes(s.get());
        if ((s.get().flags() & SHF_COMPRESSED) == 0) {
            return Optional.of(raw);
        }
        boolean wide = elf.elfClass() == ElfClass.ELF64;
        int hdr = wide ? 24 : 12;
        if (raw.limit() < hdr) {
            throw new ElfFormatException(name + ": compression header truncated");
        }
        int type = raw.getInt(0);
        long size = wide ? raw.getLong(8) : raw.getInt(4) & 0xffffffffL;
        if (type != 1) {
            throw new ElfFormatException(name + ": unsupported compression type " + type);
        }
        if (size < 0 || size > MAX_INFLATED) {
            throw new ElfFormatException(name + ": decompressed size " + size + " exceeds the limit");
        }
        // zlib cannot expand more than about 1032:1, so a larger declared size is a lie; memory then grows with
        // the data actually inflated, never with the header's claim.
        long compressed = raw.limit() - hdr;
        if (size > compressed * 1100 + 4096) {
            throw new ElfFormatException(name + ": declared size " + size + " impossible for " + compressed
                    + " compressed bytes");
        }
        byte[] in = new byte[(int) compressed];
        raw.get(hdr, in);
        byte[] out = new byte[(int) Math.min(size, 1 << 16)];
        int n = 0;
        Inflater inf = new Inflater();
        try {
            inf.setInput(in);
            while (n < size && !inf.finished()) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, (int) Math.min(size, (long) out.length * 2));
                }
                int k = inf.inflate(out, n, out.length - n);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                n += k;
            }
            if (n != size) {
                throw new ElfFormatException(name + ": decompressed " + n + " of " + size + " bytes");
            }
        } catch (DataFormatException e) {
            throw new ElfFormatException(name + ": corrupt zlib data: " + e.getMessage());
        } finally {
            inf.end();
        }
        return Optional.of(ByteBuffer.wrap(out).order(elf.order()).asReadOnlyBuffer().order(elf.order()));
    }

    /** String sections, each optional. */
    private record Strings(Optional<ByteBuffer> str, Optional<ByteBuffer> lineStr, Optional<ByteBuffer> offsets) {
        String resolve(Form.Value v) throws ElfFormatException {
            return switch (v.kind()) {
                case INLINE_STRING -> v.text();
                case STRP -> at(str, v.number(), ".debug_str");
                case LINE_STRP -> at(lineStr, v.number(), ".debug_line_str");
                default -> null;
            };
        }

        String indexed(long index, long base, int offsetSize) throws ElfFormatException {
            if (offsets.isEmpty()) {
                throw new ElfFormatException("DW_FORM_strx without .debug_str_offsets");
            }
            ByteBuffer o = offsets.get();
            long at = base + index * offsetSize;
            if (index < 0 || at < 0 || at + offsetSize > o.limit()) {
                throw new ElfFormatException("string index " + index + " outside .debug_str_offsets");
            }
            long off = offsetSize == 8 ? o.getLong((int) at) : o.getInt((int) at) & 0xffffffffL;
            return at(str, off, ".debug_str");
        }

        private static String at(Optional<ByteBuffer> sec, long off, String what) throws ElfFormatException {
            if (sec.isEmpty()) {
                throw new ElfFormatException("string form refers to missing section " + what);
            }
            ByteBuffer b = sec.get();
            if (off < 0 || off >= b.limit()) {
                throw new ElfFormatException("offset " + off + " outside " + what + " (" + b.limit() + " bytes)");
            }
            int max = (int) Math.min(b.limit(), off + 64 * 1024);
            for (int p = (int) off; p < max; p++) {
                if (b.get(p) == 0) {
                    byte[] s = new byte[p - (int) off];
                    b.get((int) off, s);
                    return new String(s, StandardCharsets.UTF_8);
                }
            }
            throw new ElfFormatException("unterminated string at " + off + " in " + what);
        }
    }

    /** Bounded reader over a section. */
    static final class Cursor {
        private final ByteBuffer b;
        long pos;
        private long limit;

        Cursor(ByteBuffer b, long pos) {
            this.b = b.duplicate().order(b.order());
            this.pos = pos;
            this.limit = b.limit();
        }

        void limit(long l) {
            this.limit = Math.min(l, b.limit());
        }

        ByteOrder order() {
            return b.order();
        }

        private void need(long n) throws ElfFormatException {
            if (n < 0 || pos + n > limit) {
                throw new ElfFormatException("DWARF data truncated at offset " + pos + " (need " + n + " bytes)");
            }
        }

        void skip(long n) throws ElfFormatException {
            need(n);
            pos += n;
        }

        int u8() throws ElfFormatException {
            need(1);
            return b.get((int) pos++) & 0xff;
        }

        int u16() throws ElfFormatException {
            need(2);
            int v = b.getShort((int) pos) & 0xffff;
            pos += 2;
            return v;
        }

        long u32() throws ElfFormatException {
            need(4);
            long v = b.getInt((int) pos) & 0xffffffffL;
            pos += 4;
            return v;
        }

        long u64() throws ElfFormatException {
            need(8);
            long v = b.getLong((int) pos);
            pos += 8;
            return v;
        }

        long offset(int size) throws ElfFormatException {
            return size == 8 ? u64() : u32();
        }

        long uleb() throws ElfFormatException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int x = u8();
                result |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return result;
                }
            }
            throw new ElfFormatException("LEB128 value longer than 64 bits at offset " + pos);
        }

        long sleb() throws ElfFormatException {
            long result = 0;
            int shift = 0;
            int x;
            do {
                if (shift >= 64) {
                    throw new ElfFormatException("LEB128 value longer than 64 bits at offset " + pos);
                }
                x = u8();
                result |= (long) (x & 0x7f) << shift;
                shift += 7;
            } while ((x & 0x80) != 0);
            if (shift < 64 && (x & 0x40) != 0) {
                result |= -1L << shift;
            }
            return result;
        }

        String cstring() throws ElfFormatException {
            long start = pos;
            while (true) {
                if (u8() == 0) {
                    byte[] s = new byte[(int) (pos - start - 1)];
                    b.get((int) start, s);
                    return new String(s, StandardCharsets.UTF_8);
                }
            }
        }
    }
}
