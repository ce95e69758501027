package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Memory errors of kinds without a dedicated check: invalid jumps, bad syscall parameters, fatal signals, wild SEGVs. */
@CheckInfo(id = "memory.other-error", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {119},
        summary = "The program performs an invalid memory operation",
        remediation = "Investigate the stack in the evidence; the tool's own error kind is given in toolKind.")
public final class OtherMemoryError extends MemoryEvidenceCheck {
    public OtherMemoryError() {
        super(EnumSet.of(MemoryErrorKind.OTHER));
    }
}
