package dev.medsec.elf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Parses note segments/sections and the GNU property notes inside them. */
final class NoteReader {
    private NoteReader() {
    }

    static List<Note> notes(ElfFile elf) throws ElfFormatException {
        List<Note> out = new ArrayList<>();
        List<ProgramHeader> segs = elf.segments(SegmentType.NOTE);
        if (!elf.programHeaders().isEmpty()) {
            for (ProgramHeader p : segs) {
                parse(elf.segmentBytes(p), p.align() == 8 ? 8 : 4, "PT_NOTE segment " + p.index(), out);
            }
        } else {
            for (Section s : elf.sections(SectionType.NOTE)) {
                parse(elf.sectionBytes(s), s.addrAlign() == 8 ? 8 : 4, "note section " + s.name(), out);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void parse(ByteBuffer b, int align, String where, List<Note> out) throws ElfFormatException {
        int pos = 0;
        int end = b.limit();
        while (end - pos >= 12) {
            long namesz = b.getInt(pos) & 0xffffffffL;
            long descsz = b.getInt(pos + 4) & 0xffffffffL;
            int type = b.getInt(pos + 8);
            long nameStart = pos + 12L;
            long descStart = alignUp(nameStart + namesz, align);
            long next = alignUp(descStart + descsz, align);
            if (descStart + descsz > end) {
                throw new ElfFormatException(where + ": note at " + pos + " (namesz " + namesz + ", descsz " + descsz
                        + ") runs past its end (" + end + " bytes)");
            }
            int nameLen = (int) namesz;
            while (nameLen > 0 && b.get((int) nameStart + nameLen - 1) == 0) {
                nameLen--;
            }
            byte[] name = new byte[nameLen];
            b.get((int) nameStart, name);
            ByteBuffer desc = b.slice((int) descStart, (int) descsz).order(b.order());
            out.add(new Note(new String(name, StandardCharsets.UTF_8), type, desc));
            if (next >= end) {
                break;
            }
            pos = (int) next;
        }
    }

    static List<GnuProperty> properties(Note note, ElfClass cls) throws ElfFormatException {
        ByteBuffer d = note.desc().duplicate().order(note.desc().order());
        int align = cls.wordSize();
        List<GnuProperty> out = new ArrayList<>();
        int pos = 0;
        while (d.limit() - pos >= 8) {
            int type = d.getInt(pos);
            long size = d.getInt(pos + 4) & 0xffffffffL;
            if (size > d.limit() - pos - 8) {
                throw new ElfFormatException("GNU property 0x" + Integer.toHexString(type) + " data size " + size
                        + " runs past its note");
            }
            int value = size >= 4 ? d.getInt(pos + 8) : 0;
            out.add(new GnuProperty(type, (int) size, value));
            pos = (int) alignUp(pos + 8L + size, align);
        }
        return Collections.unmodifiableList(out);
    }

    private static long alignUp(long v, int align) {
        return (v + align - 1) & -align;
    }
}
