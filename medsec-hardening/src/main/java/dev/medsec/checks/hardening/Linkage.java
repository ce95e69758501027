package dev.medsec.checks.hardening;

import dev.medsec.elf.DynamicTag;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.ElfType;

import java.util.Locale;
import java.util.Optional;

/** How a linked ELF file is meant to be loaded; decides which hardening properties apply to it. */
enum Linkage {
    /** ET_EXEC without a dynamic section: fixed address, no loader. */
    STATIC_EXECUTABLE,
    /** ET_EXEC loaded by the dynamic loader at its fixed link address. */
    DYNAMIC_EXECUTABLE,
    /** ET_DYN with an interpreter and no soname. */
    PIE,
    /** ET_DYN marked DF_1_PIE without an interpreter: relocates itself (-static-pie). */
    STATIC_PIE,
    /** ET_DYN library (a soname, or neither interpreter nor PIE flag). */
    SHARED_LIBRARY;

    /** Empty for relocatable objects, core files and unknown types, which are not checked here. */
    static Optional<Linkage> of(ElfFile elf) throws ElfFormatException {
        if (elf.type() == ElfType.EXECUTABLE) {
            return Optional.of(elf.hasDynamicSection() ? DYNAMIC_EXECUTABLE : STATIC_EXECUTABLE);
        }
        if (elf.type() != ElfType.SHARED_OBJECT) {
            return Optional.empty();
        }
        boolean interp = elf.interpreter().isPresent();
        boolean pieFlag = (elf.dynamicValue(DynamicTag.FLAGS_1).orElse(0) & DynamicTag.DF_1_PIE) != 0;
        if (interp && elf.soname().isEmpty()) {
            return Optional.of(PIE);
        }
        if (!interp && pieFlag) {
            return Optional.of(STATIC_PIE);
        }
        return Optional.of(SHARED_LIBRARY);
    }

    boolean isStatic() {
        return this == STATIC_EXECUTABLE || this == STATIC_PIE;
    }

    /**
     * Whether the C library is linked in rather than imported: static files, and executables that need no
     * library at all (a PIE linked with -static-pie by an older toolchain lacks DF_1_PIE but also DT_NEEDED).
     */
    static boolean libcLinkedIn(Linkage l, ElfFile elf) throws ElfFormatException {
        return l.isStatic() || (l != SHARED_LIBRARY && elf.needed().isEmpty());
    }

    /** The short type name of the hardening inventory: exec, pie, dso, static or static-pie. */
    String typeLabel() {
        return switch (this) {
            case STATIC_EXECUTABLE -> "static";
            case DYNAMIC_EXECUTABLE -> "exec";
            case PIE -> "pie";
            case STATIC_PIE -> "static-pie";
            case SHARED_LIBRARY -> "dso";
        };
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
