package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.DynamicTag;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.SegmentType;

import java.io.IOException;
import java.util.Optional;

/**
 * Full RELRO = PT_GNU_RELRO plus immediate binding (DT_BIND_NOW, DF_BIND_NOW in DT_FLAGS or DF_1_NOW in
 * DT_FLAGS_1), so the GOT is read-only after start-up. A file without a dynamic section has no lazy binding, so
 * PT_GNU_RELRO alone makes it full.
 */
@CheckInfo(id = "hardening.relro", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {693},
        summary = "RELRO is missing or partial: the GOT stays writable and can be overwritten",
        remediation = "Link with -Wl,-z,relro,-z,now.")
public final class IncompleteRelro implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return LinkedElf.appliesTo(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        Optional<LinkedElf> le = LinkedElf.of(artifact);
        if (le.isEmpty()) {
            return;
        }
        ElfFile elf = le.get().elf();
        boolean relro = elf.segment(SegmentType.GNU_RELRO).isPresent();
        if (!relro) {
            out.at(artifact).message("No RELRO: no PT_GNU_RELRO segment")
                    .evidence("relro", "none")
                    .evidence("segment", "PT_GNU_RELRO absent")
                    .report();
            return;
        }
        if (!elf.hasDynamicSection()) {
            return;
        }
        try {
            if (!bindNow(elf)) {
                out.at(artifact).severity(Severity.LOW)
                        .message("Partial RELRO: PT_GNU_RELRO present but lazy binding (no BIND_NOW), the PLT GOT "
                                + "stays writable")
                        .evidence("relro", "partial")
                        .evidence("segment", "PT_GNU_RELRO")
                        .evidence("bindNow", "absent: no DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW")
                        .report();
            }
        } catch (ElfFormatException e) {
            LinkedElf.unreadable(out, artifact, e);
        }
    }

    static boolean bindNow(ElfFile elf) throws ElfFormatException {
        return elf.hasDynamicTag(DynamicTag.BIND_NOW)
                || (elf.dynamicValue(DynamicTag.FLAGS).orElse(0) & DynamicTag.DF_BIND_NOW) != 0
                || (elf.dynamicValue(DynamicTag.FLAGS_1).orElse(0) & DynamicTag.DF_1_NOW) != 0;
    }
}
