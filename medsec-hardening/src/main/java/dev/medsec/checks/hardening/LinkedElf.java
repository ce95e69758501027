package dev.medsec.checks.hardening;

import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;

import java.io.IOException;
import java.util.Optional;

/**
 * An executable or shared library with its linkage: what every hardening check looks at. Relocatable objects
 * (kernel modules included) and core files are skipped, because their hardening is decided when they are linked
 * or loaded.
 */
record LinkedElf(ElfFile elf, Linkage linkage) {

    static boolean appliesTo(Artifact a) {
        return a.type() == FileType.ELF;
    }

    /**
     * The artifact as a linked ELF file, empty when it is not one or does not parse. Only the
     * position-independence check passes {@code errors}, so a malformed file costs one entry in the report's
     * errors, not one per check.
     */
    static Optional<LinkedElf> of(Artifact a, Optional<Findings> errors) {
        try {
            return parse(a);
        } catch (IOException e) {
            errors.ifPresent(out -> out.error(a.path(), "unreadable ELF file: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** The artifact as a linked ELF file; empty when it is another kind of ELF file; throws when it does not parse. */
    static Optional<LinkedElf> parse(Artifact a) throws IOException {
        ElfFile elf = a.view(ElfFile.VIEW);
        return Linkage.of(elf).map(l -> new LinkedElf(elf, l));
    }

    static Optional<LinkedElf> of(Artifact a) {
        return of(a, Optional.empty());
    }

    /** For checks that report nothing on a part they cannot read: records the reason instead of failing. */
    static void unreadable(Findings out, Artifact a, IOException e) {
        out.error(a.path(), e.getMessage());
    }
}
