package dev.medsec.elf;

/**
 * One symbol of .dynsym or .symtab.
 *
 * @param sectionIndex st_shndx; 0 (SHN_UNDEF) means the symbol is imported, not defined here
 * @param table        which table it came from
 */
public record Symbol(String name, long value, long size, Binding binding, Kind kind, int visibility,
                     int sectionIndex, Table table) {
    public static final int SHN_UNDEF = 0;
    public static final int SHN_ABS = 0xfff1;

    public enum Table { DYNAMIC, STATIC }

    public enum Binding {
        LOCAL, GLOBAL, WEAK, GNU_UNIQUE, OTHER;

        static Binding of(int v) {
            return switch (v) {
                case 0 -> LOCAL;
                case 1 -> GLOBAL;
                case 2 -> WEAK;
                case 10 -> GNU_UNIQUE;
                default -> OTHER;
            };
        }
    }

    public enum Kind {
        NOTYPE, OBJECT, FUNC, SECTION, FILE, COMMON, TLS, GNU_IFUNC, OTHER;

        static Kind of(int v) {
            return switch (v) {
                case 0 -> NOTYPE;
                case 1 -> OBJECT;
                case 2 -> FUNC;
                case 3 -> SECTION;
                case 4 -> FILE;
                case 5 -> COMMON;
                case 6 -> TLS;
                case 10 -> GNU_IFUNC;
                default -> OTHER;
            };
        }
    }

    /** Defined in this file (not SHN_UNDEF). */
    public boolean isDefined() {
        return sectionIndex != SHN_UNDEF;
    }

    /** Undefined, named and not local: resolved from another object at load or link time. */
    public boolean isImport() {
        return sectionIndex == SHN_UNDEF && !name.isEmpty() && binding != Binding.LOCAL;
    }
}
