package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.ElfMachine;
import dev.medsec.elf.GnuProperty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * AArch64 branch protection: BTI (landing pads) and PAC (signed return addresses) as recorded in
 * GNU_PROPERTY_AARCH64_FEATURE_1_AND; like x86 CET the linker keeps a bit only if every input had it.
 */
@CheckInfo(id = "hardening.no-aarch64-branch-protection", principle = Principle.TOOLCHAIN_HARDENING,
        severity = Severity.LOW, cwe = {693},
        summary = "AArch64 binary not marked for branch protection (BTI / PAC)",
        remediation = "Compile and link every object with -mbranch-protection=standard.")
public final class NoAarch64BranchProtection implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return LinkedElf.appliesTo(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        Optional<LinkedElf> le = LinkedElf.of(artifact);
        if (le.isEmpty() || le.get().elf().machine() != ElfMachine.AARCH64) {
            return;
        }
        ElfFile elf = le.get().elf();
        try {
            OptionalLong bits = elf.gnuFeatureBits(GnuProperty.AARCH64_FEATURE_1_AND);
            long v = bits.orElse(0);
            List<String> missing = new ArrayList<>();
            if ((v & GnuProperty.AARCH64_FEATURE_1_BTI) == 0) {
                missing.add("BTI");
            }
            if ((v & GnuProperty.AARCH64_FEATURE_1_PAC) == 0) {
                missing.add("PAC");
            }
            if (!missing.isEmpty()) {
                out.at(artifact).message("No AArch64 branch protection: missing " + String.join(" and ", missing))
                        .evidence("property", bits.isPresent()
                                ? "GNU_PROPERTY_AARCH64_FEATURE_1_AND=0x" + Long.toHexString(v)
                                : "no GNU_PROPERTY_AARCH64_FEATURE_1_AND note")
                        .evidence("missing", missing)
                        .report();
            }
        } catch (ElfFormatException e) {
            LinkedElf.unreadable(out, artifact, e);
        }
    }
}
