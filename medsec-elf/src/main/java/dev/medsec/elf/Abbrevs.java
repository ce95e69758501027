package dev.medsec.elf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Looks up one abbreviation declaration in .debug_abbrev. */
final class Abbrevs {
    private static final int DW_FORM_IMPLICIT_CONST = 0x21;
    /** More attribute specifications than any compiler emits for one DIE. */
    private static final int MAX_SPECS = 4096;

    private Abbrevs() {
    }

    /**
     * The (attribute, form, implicit constant) triples of abbreviation {@code code} in the table at {@code offset}.
     * {@code budget[0]} counts the declarations read across calls; hostile files with many units pointing at long
     * tables exhaust it and fail instead of taking quadratic time.
     */
    static List<long[]> find(ByteBuffer abbrev, long offset, long code, long[] budget) throws ElfFormatException {
        if (offset < 0 || offset >= abbrev.limit()) {
            throw new ElfFormatException("abbreviation offset " + offset + " outside .debug_abbrev ("
                    + abbrev.limit() + " bytes)");
        }
        DwarfUnits.Cursor c = new DwarfUnits.Cursor(abbrev, offset);
        while (true) {
            long entry = c.uleb();
            if (--budget[0] < 0) {
                throw new ElfFormatException(".debug_abbrev: too many abbreviation declarations read");
            }
            if (entry == 0) {
                throw new ElfFormatException("abbreviation code " + code + " not found in table at " + offset);
            }
            c.uleb();      // tag
            c.u8();        // has children
            List<long[]> specs = new ArrayList<>();
            while (true) {
                long attr = c.uleb();
                long form = c.uleb();
                if (attr == 0 && form == 0) {
                    break;
                }
                long implicit = form == DW_FORM_IMPLICIT_CONST ? c.sleb() : 0;
                if (specs.size() >= MAX_SPECS) {
                    throw new ElfFormatException("abbreviation " + entry + " has more than " + MAX_SPECS + " attributes");
                }
                specs.add(new long[] {attr, form, implicit});
            }
            if (entry == code) {
                return specs;
            }
        }
    }
}
