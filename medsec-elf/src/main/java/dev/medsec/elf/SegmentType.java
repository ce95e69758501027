package dev.medsec.elf;

/** Program header type (p_type). */
public enum SegmentType {
    NULL(0), LOAD(1), DYNAMIC(2), INTERP(3), NOTE(4), SHLIB(5), PHDR(6), TLS(7),
    GNU_EH_FRAME(0x6474e550), GNU_STACK(0x6474e551), GNU_RELRO(0x6474e552), GNU_PROPERTY(0x6474e553),
    ARM_EXIDX(0x70000001), MIPS_ABIFLAGS(0x70000003), OTHER(-1);

    private final int code;

    SegmentType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** values() copies the array on every call; lookups run per symbol, section and segment. */
    private static final SegmentType[] VALUES = values();

    static SegmentType of(int code) {
        for (SegmentType t : VALUES) {
            if (t.code == code) {
                return t;
            }
        }
        return OTHER;
    }
}
