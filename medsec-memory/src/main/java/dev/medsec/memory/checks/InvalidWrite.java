package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Writes outside any valid block (heap overflow): Valgrind's InvalidWrite, ASan's *-buffer-overflow on WRITE. */
@CheckInfo(id = "memory.invalid-write", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.CRITICAL, cwe = {787, 119},
        summary = "The program writes outside the bounds of an allocated block",
        remediation = "Bound every copy and index by the destination's size; the evidence gives the access stack and the block it overran.")
public final class InvalidWrite extends MemoryEvidenceCheck {
    public InvalidWrite() {
        super(EnumSet.of(MemoryErrorKind.INVALID_WRITE));
    }
}
