package dev.medsec.elf;

/** Dynamic section tag (d_tag); {@link #OTHER} for tags not named here, the raw value stays in the entry. */
public enum DynamicTag {
    NULL(0), NEEDED(1), PLTRELSZ(2), PLTGOT(3), HASH(4), STRTAB(5), SYMTAB(6), RELA(7), RELASZ(8), RELAENT(9),
    STRSZ(10), SYMENT(11), INIT(12), FINI(13), SONAME(14), RPATH(15), SYMBOLIC(16), REL(17), RELSZ(18),
    RELENT(19), PLTREL(20), DEBUG(21), TEXTREL(22), JMPREL(23), BIND_NOW(24), INIT_ARRAY(25), FINI_ARRAY(26),
    INIT_ARRAYSZ(27), FINI_ARRAYSZ(28), RUNPATH(29), FLAGS(30), PREINIT_ARRAY(32), PREINIT_ARRAYSZ(33),
    RELRSZ(35), RELR(36), RELRENT(37),
    GNU_HASH(0x6ffffef5), VERSYM(0x6ffffff0), RELACOUNT(0x6ffffff9), RELCOUNT(0x6ffffffa), FLAGS_1(0x6ffffffb),
    VERDEF(0x6ffffffc), VERDEFNUM(0x6ffffffd), VERNEED(0x6ffffffe), VERNEEDNUM(0x6fffffff), OTHER(-1);

    /** DT_FLAGS bits. */
    public static final long DF_ORIGIN = 0x1;
    public static final long DF_SYMBOLIC = 0x2;
    public static final long DF_TEXTREL = 0x4;
    public static final long DF_BIND_NOW = 0x8;
    /** DT_FLAGS_1 bits. */
    public static final long DF_1_NOW = 0x1;
    public static final long DF_1_PIE = 0x08000000L;

    private final long code;

    DynamicTag(long code) {
        this.code = code;
    }

    public long code() {
        return code;
    }

    /** values() copies the array on every call; lookups run per symbol, section and segment. */
    private static final DynamicTag[] VALUES = values();

    static DynamicTag of(long code) {
        for (DynamicTag t : VALUES) {
            if (t.code == code) {
                return t;
            }
        }
        return OTHER;
    }
}
