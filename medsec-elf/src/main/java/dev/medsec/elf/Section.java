package dev.medsec.elf;

/**
 * One section header. Its name is resolved (empty when the name table is missing or the offset is bad).
 * The file range is checked against the file size when the header is read, except for NOBITS sections,
 * which occupy no file bytes.
 */
public record Section(int index, String name, SectionType type, int rawType, long flags, long addr, long offset,
                      long size, int link, int info, long addrAlign, long entSize) {
    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;

    public boolean hasFileBytes() {
        return type != SectionType.NOBITS && type != SectionType.NULL;
    }
}
