package dev.medsec.elf;

import dev.medsec.core.image.ViewKey;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A parsed ELF file (ELF32/ELF64, either byte order, any machine). {@link #parse} reads and validates the file
 * header, the program headers and the section headers; everything else (dynamic section, symbol tables, notes)
 * is parsed on first use and cached. Every offset and size is checked against the file before it is read, and
 * nothing is allocated by a header field that was not checked first: the largest table the reader builds is
 * bounded by the file size divided by the entry size. The only exception thrown is {@link ElfFormatException}.
 *
 * <p>Thread-safe: instances are shared by checks running in parallel.
 */
public final class ElfFile {
    /** The cached view every check shares: {@code artifact.view(ElfFile.VIEW)}. */
    public static final ViewKey<ElfFile> VIEW = ViewKey.of("elf", a -> ElfFile.parse(a.bytes()));

    private static final int EI_NIDENT = 16;
    private static final int SHN_XINDEX = 0xffff;
    private static final int PN_XNUM = 0xffff;

    private final Reader in;
    private final ElfHeader header;
    private final List<ProgramHeader> programHeaders;
    private final List<Section> sections;
    private final Lazy<List<DynamicEntry>> dynamic = new Lazy<>(this::readDynamic);
    private final Lazy<List<Symbol>> dynamicSymbols = new Lazy<>(() -> SymbolReader.dynamic(this));
    private final Lazy<List<Symbol>> staticSymbols = new Lazy<>(() -> SymbolReader.staticTable(this));
    private final Lazy<List<Note>> notes = new Lazy<>(() -> NoteReader.notes(this));
    // Several checks ask each file for its imports (canary, fortify, weak primitives, dangerous functions, crypto):
    // computed once per file, not once per check.
    private final Lazy<List<Symbol>> importedSymbols = new Lazy<>(
            () -> dynamicSymbols().stream().filter(Symbol::isImport).toList());
    private final Lazy<Set<String>> importedSymbolNames = new Lazy<>(this::readImportedSymbolNames);

    private ElfFile(Reader in, ElfHeader header, List<ProgramHeader> programHeaders, List<Section> sections) {
        this.in = in;
        this.header = header;
        this.programHeaders = programHeaders;
        this.sections = sections;
    }

    /**
     * Parses the headers of an ELF file held in {@code bytes} (from its position to its limit; the buffer itself
     * is not modified).
     *
     * @throws ElfFormatException when the bytes are not ELF or a header or table is inconsistent with the file
     */
    public static ElfFile parse(ByteBuffer bytes) throws ElfFormatException {
        ByteBuffer b = bytes.slice();
        if (b.remaining() < EI_NIDENT || b.get(0) != 0x7f || b.get(1) != 'E' || b.get(2) != 'L' || b.get(3) != 'F') {
            throw new ElfFormatException("not an ELF file (no \\x7fELF magic)");
        }
        ElfClass cls = switch (b.get(4)) {
            case 1 -> ElfClass.ELF32;
            case 2 -> ElfClass.ELF64;
            default -> throw new ElfFormatException("invalid EI_CLASS " + b.get(4));
        };
        ByteOrder order = switch (b.get(5)) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new ElfFormatException("invalid EI_DATA " + b.get(5));
        };
        b.order(order);
        boolean wide = cls == ElfClass.ELF64;
        Reader in = new Reader(b, wide);
        in.check(0, wide ? 64 : 52, "ELF header");
        ElfHeader h = readHeader(in, cls, order, wide);
        List<Section> sections = readSections(in, h, wide);
        List<ProgramHeader> phdrs = readProgramHeaders(in, h, wide);
        return new ElfFile(in, h, phdrs, sections);
    }

    private static ElfHeader readHeader(Reader in, ElfClass cls, ByteOrder order, boolean wide)
            throws ElfFormatException {
        int osAbi = in.u8(7, "EI_OSABI");
        int abiVersion = in.u8(8, "EI_ABIVERSION");
        int type = in.u16(16, "e_type");
        int machine = in.u16(18, "e_machine");
        int version = (int) in.u32(20, "e_version");
        long entry = in.word(24, "e_entry");
        int p = wide ? 32 : 28;
        long phoff = in.word(p, "e_phoff");
        long shoff = in.word(p + cls.wordSize(), "e_shoff");
        int q = p + 2 * cls.wordSize();
        int flags = in.i32(q, "e_flags");
        int ehsize = in.u16(q + 4, "e_ehsize");
        int phentsize = in.u16(q + 6, "e_phentsize");
        int phnum = in.u16(q + 8, "e_phnum");
        int shentsize = in.u16(q + 10, "e_shentsize");
        int shnum = in.u16(q + 12, "e_shnum");
        int shstrndx = in.u16(q + 14, "e_shstrndx");
        if (shoff != 0) {
            int minSh = wide ? 64 : 40;
            if (shentsize < minSh) {
                throw new ElfFormatException("e_shentsize " + shentsize + " smaller than a section header (" + minSh + ")");
            }
            // Extended numbering: the real counts live in section header 0 (gABI "Extended Section Indexes").
            if (shnum == 0 || shstrndx == SHN_XINDEX || phnum == PN_XNUM) {
                in.check(shoff, shentsize, "section header 0");
                if (shnum == 0) {
                    long n = wide ? in.u64(shoff + 32, "sh_size of section 0") : in.u32(shoff + 20, "sh_size of section 0");
                    if (n < 0 || n > in.size() / shentsize) {
                        throw new ElfFormatException("extended section count " + Long.toUnsignedString(n) + " exceeds the file");
                    }
                    shnum = (int) n;
                }
                if (shstrndx == SHN_XINDEX) {
                    shstrndx = (int) in.u32(shoff + (wide ? 40 : 24), "sh_link of section 0");
                }
                if (phnum == PN_XNUM) {
                    long n = in.u32(shoff + (wide ? 44 : 28), "sh_info of section 0");
                    phnum = (int) Math.min(n, Integer.MAX_VALUE);
                }
            }
        } else {
            shnum = 0;
            shstrndx = 0;
        }
        return new ElfHeader(cls, order, osAbi, abiVersion, ElfType.of(type), ElfMachine.of(machine), machine,
                version, entry, phoff, shoff, flags, ehsize, phentsize, phnum, shentsize, shnum, shstrndx);
    }

    private static List<ProgramHeader> readProgramHeaders(Reader in, ElfHeader h, boolean wide)
            throws ElfFormatException {
        if (h.phnum() == 0) {
            return List.of();
        }
        int min = wide ? 56 : 32;
        if (h.phentsize() < min) {
            throw new ElfFormatException("e_phentsize " + h.phentsize() + " smaller than a program header (" + min + ")");
        }
        in.check(h.phoff(), (long) h.phnum() * h.phentsize(), "program header table (" + h.phnum() + " entries)");
        List<ProgramHeader> out = new ArrayList<>(h.phnum());
        for (int i = 0; i < h.phnum(); i++) {
            long o = h.phoff() + (long) i * h.phentsize();
            int rawType = in.i32(o, "p_type");
            if (wide) {
                out.add(new ProgramHeader(i, SegmentType.of(rawType), rawType, in.i32(o + 4, "p_flags"),
                        in.u64(o + 8, "p_offset"), in.u64(o + 16, "p_vaddr"), in.u64(o + 24, "p_paddr"),
                        in.u64(o + 32, "p_filesz"), in.u64(o + 40, "p_memsz"), in.u64(o + 48, "p_align")));
            } else {
                out.add(new ProgramHeader(i, SegmentType.of(rawType), rawType, in.i32(o + 24, "p_flags"),
                        in.u32(o + 4, "p_offset"), in.u32(o + 8, "p_vaddr"), in.u32(o + 12, "p_paddr"),
                        in.u32(o + 16, "p_filesz"), in.u32(o + 20, "p_memsz"), in.u32(o + 28, "p_align")));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static List<Section> readSections(Reader in, ElfHeader h, boolean wide) throws ElfFormatException {
        if (h.shnum() == 0) {
            return List.of();
        }
        in.check(h.shoff(), (long) h.shnum() * h.shentsize(), "section header table (" + h.shnum() + " entries)");
        List<RawSection> raw = new ArrayList<>(h.shnum());
        for (int i = 0; i < h.shnum(); i++) {
            long o = h.shoff() + (long) i * h.shentsize();
            RawSection s = wide
                    ? new RawSection(in.u32(o, "sh_name"), in.i32(o + 4, "sh_type"), in.u64(o + 8, "sh_flags"),
                    in.u64(o + 16, "sh_addr"), in.u64(o + 24, "sh_offset"), in.u64(o + 32, "sh_size"),
                    in.i32(o + 40, "sh_link"), in.i32(o + 44, "sh_info"), in.u64(o + 48, "sh_addralign"),
                    in.u64(o + 56, "sh_entsize"))
                    : new RawSection(in.u32(o, "sh_name"), in.i32(o + 4, "sh_type"), in.u32(o + 8, "sh_flags"),
                    in.u32(o + 12, "sh_addr"), in.u32(o + 16, "sh_offset"), in.u32(o + 20, "sh_size"),
                    in.i32(o + 24, "sh_link"), in.i32(o + 28, "sh_info"), in.u32(o + 32, "sh_addralign"),
                    in.u32(o + 36, "sh_entsize"));
            SectionType type = SectionType.of(s.type);
            if (i > 0 && type != SectionType.NOBITS && type != SectionType.NULL) {
                in.checkSection(s.offset, s.size, i);
            }
            raw.add(s);
        }
        RawSection names = h.shstrndx() > 0 && h.shstrndx() < raw.size() ? raw.get(h.shstrndx()) : null;
        List<Section> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            RawSection s = raw.get(i);
            String name = "";
            if (names != null && s.name != 0) {
                if (s.name >= names.size) {
                    throw new ElfFormatException("section " + i + " name offset " + s.name
                            + " outside the section name table (" + names.size + " bytes)");
                }
                name = in.cstringOrNull(names.offset + s.name, names.offset + names.size);
                if (name == null) {
                    throw in.cstringError(names.offset + s.name, names.offset + names.size, "section " + i + " name");
                }
            }
            out.add(new Section(i, name, SectionType.of(s.type), s.type, s.flags, s.addr, s.offset, s.size, s.link,
                    s.info, s.addrAlign, s.entSize));
        }
        return Collections.unmodifiableList(out);
    }

    private record RawSection(long name, int type, long flags, long addr, long offset, long size, int link,
                              int info, long addrAlign, long entSize) {
    }

    // ---- header-level accessors ------------------------------------------------------------------------------

    public ElfHeader header() {
        return header;
    }

    public ElfClass elfClass() {
        return header.elfClass();
    }

    public ByteOrder order() {
        return header.order();
    }

    public ElfType type() {
        return header.type();
    }

    public ElfMachine machine() {
        return header.machine();
    }

    /** File size in bytes. */
    public long size() {
        return in.size();
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** Program headers of one type, in file order. */
    public List<ProgramHeader> segments(SegmentType type) {
        return programHeaders.stream().filter(p -> p.type() == type).toList();
    }

    public Optional<ProgramHeader> segment(SegmentType type) {
        return programHeaders.stream().filter(p -> p.type() == type).findFirst();
    }

    /** All section headers including the null section 0; empty when the file has no section header table. */
    public List<Section> sections() {
        return sections;
    }

    /** The first section with this name. */
    public Optional<Section> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public List<Section> sections(SectionType type) {
        return sections.stream().filter(s -> s.type() == type).toList();
    }

    /** Read-only bytes of a section in the file's byte order; empty for NOBITS and NULL sections. */
    public ByteBuffer sectionBytes(Section s) throws ElfFormatException {
        if (!s.hasFileBytes()) {
            return ByteBuffer.allocate(0).asReadOnlyBuffer().order(order());
        }
        return in.slice(s.offset(), s.size(), "section " + s.name());
    }

    /** Read-only bytes of the named section, when present. */
    public Optional<ByteBuffer> sectionBytes(String name) throws ElfFormatException {
        Optional<Section> s = section(name);
        return s.isPresent() ? Optional.of(sectionBytes(s.get())) : Optional.empty();
    }

    /** The file bytes of a segment (p_offset, p_filesz). */
    public ByteBuffer segmentBytes(ProgramHeader p) throws ElfFormatException {
        return in.slice(p.offset(), p.fileSize(), "segment " + p.index() + " (" + p.type() + ")");
    }

    /** Read-only file bytes [offset, offset+length) in the file's byte order, checked against the file. */
    public ByteBuffer fileBytes(long offset, long length) throws ElfFormatException {
        return in.slice(offset, length, "file range");
    }

    /** Program interpreter from PT_INTERP (e.g. /lib64/ld-linux-x86-64.so.2). */
    public Optional<String> interpreter() throws ElfFormatException {
        Optional<ProgramHeader> p = segment(SegmentType.INTERP);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        in.check(p.get().offset(), p.get().fileSize(), "PT_INTERP");
        return Optional.of(in.cstring(p.get().offset(), p.get().offset() + p.get().fileSize(), "PT_INTERP"));
    }

    /** Maps a virtual address to a file offset through the PT_LOAD segments, as the loader would. */
    public OptionalLong fileOffsetOf(long vaddr) {
        for (ProgramHeader p : programHeaders) {
            if (p.type() == SegmentType.LOAD && Long.compareUnsigned(vaddr, p.vaddr()) >= 0
                    && Long.compareUnsigned(vaddr - p.vaddr(), p.fileSize()) < 0) {
                return OptionalLong.of(p.offset() + (vaddr - p.vaddr()));
            }
        }
        return OptionalLong.empty();
    }

    // ---- dynamic section -------------------------------------------------------------------------------------

    /** Whether the file has a dynamic section (PT_DYNAMIC, or SHT_DYNAMIC when it has no program headers). */
    public boolean hasDynamicSection() {
        return segment(SegmentType.DYNAMIC).isPresent()
                || (programHeaders.isEmpty() && !sections(SectionType.DYNAMIC).isEmpty());
    }

    /** Dynamic entries up to (not including) DT_NULL; empty for a static file. */
    public List<DynamicEntry> dynamicEntries() throws ElfFormatException {
        return dynamic.get();
    }

    private List<DynamicEntry> readDynamic() throws ElfFormatException {
        long off;
        long size;
        Optional<ProgramHeader> p = segment(SegmentType.DYNAMIC);
        if (p.isPresent()) {
            off = p.get().offset();
            size = p.get().fileSize();
        } else {
            List<Section> d = sections(SectionType.DYNAMIC);
            if (d.isEmpty()) {
                return List.of();
            }
            off = d.get(0).offset();
            size = d.get(0).size();
        }
        in.check(off, size, "dynamic section");
        boolean wide = elfClass() == ElfClass.ELF64;
        int ent = wide ? 16 : 8;
        List<DynamicEntry> out = new ArrayList<>();
        for (long o = off; o + ent <= off + size; o += ent) {
            long tag = wide ? in.u64(o, "d_tag") : in.i32(o, "d_tag");
            long val = in.word(o + ent / 2, "d_val");
            if (tag == 0) {
                break;
            }
            out.add(new DynamicEntry(DynamicTag.of(tag), tag, val));
        }
        return Collections.unmodifiableList(out);
    }

    /** Value of the first dynamic entry with this tag. */
    public OptionalLong dynamicValue(DynamicTag tag) throws ElfFormatException {
        for (DynamicEntry e : dynamicEntries()) {
            if (e.tag() == tag) {
                return OptionalLong.of(e.value());
            }
        }
        return OptionalLong.empty();
    }

    public boolean hasDynamicTag(DynamicTag tag) throws ElfFormatException {
        return dynamicValue(tag).isPresent();
    }

    /** DT_NEEDED library names in order. */
    public List<String> needed() throws ElfFormatException {
        return dynamicStrings(DynamicTag.NEEDED);
    }

    public Optional<String> soname() throws ElfFormatException {
        List<String> s = dynamicStrings(DynamicTag.SONAME);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    /** DT_RPATH string as stored (colon-separated), when present. */
    public Optional<String> rpath() throws ElfFormatException {
        List<String> s = dynamicStrings(DynamicTag.RPATH);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    /** DT_RUNPATH string as stored (colon-separated), when present. */
    public Optional<String> runpath() throws ElfFormatException {
        List<String> s = dynamicStrings(DynamicTag.RUNPATH);
        return s.isEmpty() ? Optional.empty() : Optional.of(s.get(0));
    }

    private List<String> dynamicStrings(DynamicTag tag) throws ElfFormatException {
        List<String> out = new ArrayList<>();
        for (DynamicEntry e : dynamicEntries()) {
            if (e.tag() == tag) {
                out.add(dynamicString(e.value()));
            }
        }
        return out;
    }

    /** A string of the dynamic string table (DT_STRTAB/DT_STRSZ, or .dynstr when the tags are unusable). */
    public String dynamicString(long offset) throws ElfFormatException {
        long[] table = dynamicStringTable();
        if (offset < 0 || offset >= table[1]) {
            throw new ElfFormatException("dynamic string offset " + Long.toUnsignedString(offset)
                    + " outside the dynamic string table (" + table[1] + " bytes)");
        }
        return in.cstring(table[0] + offset, table[0] + table[1], "dynamic string");
    }

    /** {file offset, size} of the dynamic string table. */
    long[] dynamicStringTable() throws ElfFormatException {
        OptionalLong addr = dynamicValue(DynamicTag.STRTAB);
        OptionalLong size = dynamicValue(DynamicTag.STRSZ);
        if (addr.isPresent() && size.isPresent()) {
            OptionalLong off = fileOffsetOf(addr.getAsLong());
            if (off.isPresent()) {
                in.check(off.getAsLong(), size.getAsLong(), "DT_STRTAB");
                return new long[] {off.getAsLong(), size.getAsLong()};
            }
        }
        Optional<Section> dynstr = section(".dynstr");
        if (dynstr.isPresent()) {
            return new long[] {dynstr.get().offset(), dynstr.get().size()};
        }
        throw new ElfFormatException("dynamic section has no usable string table (DT_STRTAB/DT_STRSZ or .dynstr)");
    }

    // ---- symbols ---------------------------------------------------------------------------------------------

    /** Symbols of the dynamic symbol table (.dynsym, or located through DT_SYMTAB and the hash tables). */
    public List<Symbol> dynamicSymbols() throws ElfFormatException {
        return dynamicSymbols.get();
    }

    /** Symbols of the static symbol table (.symtab); empty for a stripped file. */
    public List<Symbol> staticSymbols() throws ElfFormatException {
        return staticSymbols.get();
    }

    /** Whether a .symtab is present (the file is not stripped). */
    public boolean hasStaticSymbolTable() {
        return !sections(SectionType.SYMTAB).isEmpty();
    }

    /** Undefined dynamic symbols this file needs from its libraries. */
    public List<Symbol> importedSymbols() throws ElfFormatException {
        return importedSymbols.get();
    }

    /** Names of {@link #importedSymbols()}, without duplicates, in table order. */
    public Set<String> importedSymbolNames() throws ElfFormatException {
        return importedSymbolNames.get();
    }

    private Set<String> readImportedSymbolNames() throws ElfFormatException {
        Set<String> out = new LinkedHashSet<>();
        for (Symbol s : importedSymbols()) {
            out.add(s.name());
        }
        return Collections.unmodifiableSet(out);
    }

    /** Symbols defined in this file, from both .dynsym and .symtab (a name may appear in both). */
    public List<Symbol> definedSymbols() throws ElfFormatException {
        List<Symbol> out = new ArrayList<>();
        for (Symbol s : dynamicSymbols()) {
            if (s.isDefined() && !s.name().isEmpty()) {
                out.add(s);
            }
        }
        for (Symbol s : staticSymbols()) {
            if (s.isDefined() && !s.name().isEmpty()) {
                out.add(s);
            }
        }
        return Collections.unmodifiableList(out);
    }

    // ---- notes -----------------------------------------------------------------------------------------------

    /** Notes from the PT_NOTE segments, or from SHT_NOTE sections when the file has no program headers. */
    public List<Note> notes() throws ElfFormatException {
        return notes.get();
    }

    /** Properties of the NT_GNU_PROPERTY_TYPE_0 notes (x86 IBT/SHSTK, AArch64 BTI/PAC ...). */
    public List<GnuProperty> gnuProperties() throws ElfFormatException {
        List<GnuProperty> out = new ArrayList<>();
        for (Note n : notes()) {
            if (n.owner().equals("GNU") && n.type() == Note.NT_GNU_PROPERTY_TYPE_0) {
                out.addAll(NoteReader.properties(n, elfClass()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The feature bits of one AND-combined GNU property type, when the file declares it. */
    public OptionalLong gnuFeatureBits(int propertyType) throws ElfFormatException {
        for (GnuProperty p : gnuProperties()) {
            if (p.type() == propertyType) {
                return OptionalLong.of(p.value() & 0xffffffffL);
            }
        }
        return OptionalLong.empty();
    }

    /** NT_GNU_BUILD_ID as lower-case hex, when present. */
    public Optional<String> buildId() throws ElfFormatException {
        for (Note n : notes()) {
            if (n.owner().equals("GNU") && n.type() == Note.NT_GNU_BUILD_ID) {
                StringBuilder sb = new StringBuilder();
                for (byte x : n.descBytes()) {
                    sb.append(String.format("%02x", x & 0xff));
                }
                return Optional.of(sb.toString());
            }
        }
        return Optional.empty();
    }

    Reader reader() {
        return in;
    }

    @Override
    public String toString() {
        return "ElfFile[" + elfClass() + " " + (header.isBigEndian() ? "BE" : "LE") + " " + type() + " " + machine() + "]";
    }
}
