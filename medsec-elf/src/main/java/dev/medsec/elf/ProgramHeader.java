package dev.medsec.elf;

/**
 * One program header (segment). {@code rawType} keeps the p_type value for types {@link SegmentType} does not name.
 * The file range [offset, offset+fileSize) is NOT guaranteed to lie inside the file: the loader ignores some
 * ranges (GNU_STACK), so the reader checks a range only when it reads it.
 */
public record ProgramHeader(int index, SegmentType type, int rawType, int flags, long offset, long vaddr,
                            long paddr, long fileSize, long memSize, long align) {
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }

    public boolean isWritable() {
        return (flags & PF_W) != 0;
    }

    public boolean isReadable() {
        return (flags & PF_R) != 0;
    }

    /** Flags as readelf prints them, e.g. "RW " or "R E". */
    public String flagString() {
        return (isReadable() ? "R" : " ") + (isWritable() ? "W" : " ") + (isExecutable() ? "E" : " ");
    }
}
