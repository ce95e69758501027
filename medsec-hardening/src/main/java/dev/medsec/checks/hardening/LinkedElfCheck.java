package dev.medsec.checks.hardening;

import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ParsedFileCheck;
import dev.medsec.core.image.Artifact;

import java.util.Optional;

/**
 * A hardening check of one linked ELF file (an executable or a shared library; kernel modules, relocatable
 * objects and files that do not parse are left to other checks).
 */
abstract class LinkedElfCheck extends ParsedFileCheck<LinkedElf> {
    @Override
    public final boolean appliesTo(Artifact artifact) {
        return LinkedElf.appliesTo(artifact);
    }

    @Override
    protected final Optional<LinkedElf> parse(Artifact artifact, Findings out) {
        return LinkedElf.of(artifact);
    }
}
