package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfMachine;
import dev.medsec.elf.GnuProperty;

import java.io.IOException;
import java.util.Map;

/**
 * AArch64 branch protection: BTI (landing pads) and PAC (signed return addresses) as recorded in
 * GNU_PROPERTY_AARCH64_FEATURE_1_AND; like x86 CET the linker keeps a bit only if every input had it.
 */
@CheckInfo(id = "hardening.no-aarch64-branch-protection", soup = SoupTreatment.ROLL_UP_AT_MOST_LOW, infoUnlessPlatformEnforces = {"bti", "pac"}, principle = Principle.TOOLCHAIN_HARDENING,
        severity = Severity.LOW, cwe = {693},
        summary = "AArch64 binary not marked for branch protection (BTI / PAC)",
        remediation = "Compile and link every object with -mbranch-protection=standard.")
public final class NoAarch64BranchProtection extends LinkedElfCheck {
    static final String PROPERTY = "GNU_PROPERTY_AARCH64_FEATURE_1_AND";
    static final Map<Long, String> FEATURES = MissingFeatureBits.named(GnuProperty.AARCH64_FEATURE_1_BTI, "BTI",
            GnuProperty.AARCH64_FEATURE_1_PAC, "PAC");

    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        if (linked.elf().machine() != ElfMachine.AARCH64) {
            return;
        }
        ElfFile elf = linked.elf();
        MissingFeatureBits.report(artifact, elf, out, GnuProperty.AARCH64_FEATURE_1_AND, PROPERTY, FEATURES,
                "No AArch64 branch protection: missing ");
    }
}
