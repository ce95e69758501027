package dev.medsec.elf;

/** Word size of the file (EI_CLASS). */
public enum ElfClass {
    ELF32(4),
    ELF64(8);

    private final int wordSize;

    ElfClass(int wordSize) {
        this.wordSize = wordSize;
    }

    /** Bytes in an address or offset field. */
    public int wordSize() {
        return wordSize;
    }
}
