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
 * Intel CET: the linker sets IBT and SHSTK in GNU_PROPERTY_X86_FEATURE_1_AND only when every input object was
 * built with -fcf-protection, so a missing bit names a missing protection for the whole file.
 */
@CheckInfo(id = "hardening.no-x86-cet", soup = SoupTreatment.ROLL_UP_AT_MOST_LOW, infoUnlessPlatformEnforces = {"ibt", "shadow-stack"}, principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.LOW,
        cwe = {693},
        summary = "x86 binary not marked for CET (IBT indirect-branch tracking / SHSTK shadow stack)",
        remediation = "Compile and link every object with -fcf-protection=full (assembly needs the "
                + "GNU property note, e.g. -Wa,-mx86-used-note=yes and endbr64 at indirect-branch targets).")
public final class NoX86Cet extends LinkedElfCheck {
    static final String PROPERTY = "GNU_PROPERTY_X86_FEATURE_1_AND";
    static final Map<Long, String> FEATURES =
            MissingFeatureBits.named(GnuProperty.X86_FEATURE_1_IBT, "IBT", GnuProperty.X86_FEATURE_1_SHSTK, "SHSTK");

    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        ElfFile elf = linked.elf();
        if (!appliesTo(elf)) {
            return;
        }
        MissingFeatureBits.report(artifact, elf, out, GnuProperty.X86_FEATURE_1_AND, PROPERTY, FEATURES,
                "Not CET-enabled: missing ");
    }

    static boolean appliesTo(ElfFile elf) {
        return elf.machine() == ElfMachine.X86_64 || elf.machine() == ElfMachine.X86;
    }
}
