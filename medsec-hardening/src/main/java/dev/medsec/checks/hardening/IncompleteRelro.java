package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.DynamicTag;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.SegmentType;

import java.io.IOException;

/**
 * Full RELRO = PT_GNU_RELRO plus immediate binding (DT_BIND_NOW, DF_BIND_NOW in DT_FLAGS or DF_1_NOW in
 * DT_FLAGS_1), so the GOT is read-only after start-up. A file without a dynamic section has no lazy binding, so
 * PT_GNU_RELRO alone makes it full.
 */
@CheckInfo(id = "hardening.relro", soup = SoupTreatment.ROLL_UP_AT_MOST_LOW, principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {693},
        summary = "RELRO is missing or partial: the GOT stays writable and can be overwritten",
        remediation = "Link with -Wl,-z,relro,-z,now.")
public final class IncompleteRelro extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        Level level;
        try {
            level = level(linked.elf());
        } catch (ElfFormatException e) {
            LinkedElf.unreadable(out, artifact, e);
            return;
        }
        if (level == Level.NONE) {
            out.at(artifact).message("No RELRO: no PT_GNU_RELRO segment")
                    .evidence("relro", "none")
                    .evidence("segment", "PT_GNU_RELRO absent")
                    .report();
        } else if (level == Level.PARTIAL) {
            out.at(artifact).severity(Severity.LOW)
                    .message("Partial RELRO: PT_GNU_RELRO present but lazy binding (no BIND_NOW), the PLT GOT "
                            + "stays writable")
                    .evidence("relro", "partial")
                    .evidence("segment", "PT_GNU_RELRO")
                    .evidence("bindNow", "absent: no DT_BIND_NOW, DF_BIND_NOW or DF_1_NOW")
                    .report();
        }
    }

    /** RELRO level in checksec's terms. */
    enum Level { NONE, PARTIAL, FULL }

    /** The RELRO level: the fact this check judges, shared with the hardening inventory. */
    static Level level(ElfFile elf) throws ElfFormatException {
        if (elf.segment(SegmentType.GNU_RELRO).isEmpty()) {
            return Level.NONE;
        }
        return !elf.hasDynamicSection() || bindNow(elf) ? Level.FULL : Level.PARTIAL;
    }

    static boolean bindNow(ElfFile elf) throws ElfFormatException {
        return elf.hasDynamicTag(DynamicTag.BIND_NOW)
                || (elf.dynamicValue(DynamicTag.FLAGS).orElse(0) & DynamicTag.DF_BIND_NOW) != 0
                || (elf.dynamicValue(DynamicTag.FLAGS_1).orElse(0) & DynamicTag.DF_1_NOW) != 0;
    }
}
