package dev.medsec.elf;

/** Section header type (sh_type). */
public enum SectionType {
    NULL(0), PROGBITS(1), SYMTAB(2), STRTAB(3), RELA(4), HASH(5), DYNAMIC(6), NOTE(7), NOBITS(8), REL(9),
    SHLIB(10), DYNSYM(11), INIT_ARRAY(14), FINI_ARRAY(15), PREINIT_ARRAY(16), GROUP(17), SYMTAB_SHNDX(18),
    GNU_HASH(0x6ffffff6), GNU_VERDEF(0x6ffffffd), GNU_VERNEED(0x6ffffffe), GNU_VERSYM(0x6fffffff), OTHER(-1);

    private final int code;

    SectionType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** values() copies the array on every call; lookups run per symbol, section and segment. */
    private static final SectionType[] VALUES = values();

    static SectionType of(int code) {
        for (SectionType t : VALUES) {
            if (t.code == code) {
                return t;
            }
        }
        return OTHER;
    }
}
