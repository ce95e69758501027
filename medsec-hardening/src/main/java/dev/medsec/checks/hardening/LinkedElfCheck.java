package dev.medsec.checks.hardening;

import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.Optional;

/**
 * A hardening check of one linked ELF file (an executable or a shared library; kernel modules, relocatable
 * objects and files that do not parse are left to other checks). Subclasses see the parsed file only.
 */
abstract class LinkedElfCheck implements FileCheck {
    @Override
    public final boolean appliesTo(Artifact artifact) {
        return LinkedElf.appliesTo(artifact);
    }

    @Override
    public final void inspect(Artifact artifact, Findings out) throws IOException {
        Optional<LinkedElf> linked = LinkedElf.of(artifact);
        if (linked.isPresent()) {
            inspect(linked.get(), artifact, out);
        }
    }

    abstract void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException;
}
