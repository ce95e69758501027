package dev.medsec.elf;

/** Target architecture (e_machine); {@link #OTHER} for anything not listed, the raw code stays in the header. */
public enum ElfMachine {
    X86(3), MIPS(8), PPC(20), PPC64(21), S390(22), ARM(40), SUPERH(42), SPARCV9(43), IA64(50), X86_64(62),
    AARCH64(183), RISCV(243), LOONGARCH(258), OTHER(-1);

    private final int code;

    ElfMachine(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** values() copies the array on every call; lookups run per symbol, section and segment. */
    private static final ElfMachine[] VALUES = values();

    static ElfMachine of(int code) {
        for (ElfMachine m : VALUES) {
            if (m.code == code) {
                return m;
            }
        }
        return OTHER;
    }
}
