package dev.medsec.elf;

/** Object file type (e_type). */
public enum ElfType {
    NONE, RELOCATABLE, EXECUTABLE, SHARED_OBJECT, CORE, OTHER;

    static ElfType of(int value) {
        return switch (value) {
            case 0 -> NONE;
            case 1 -> RELOCATABLE;
            case 2 -> EXECUTABLE;
            case 3 -> SHARED_OBJECT;
            case 4 -> CORE;
            default -> OTHER;
        };
    }
}
