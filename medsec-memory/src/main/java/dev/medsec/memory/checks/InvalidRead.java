package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Reads outside any valid block: Valgrind's InvalidRead, ASan's *-buffer-overflow on READ. */
@CheckInfo(id = "memory.invalid-read", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.HIGH, cwe = {125, 119},
        summary = "The program reads outside the bounds of an allocated block",
        remediation = "Check every index and length against the buffer's size before reading; the evidence gives the access stack and the block it overran.")
public final class InvalidRead extends MemoryEvidenceCheck {
    public InvalidRead() {
        super(EnumSet.of(MemoryErrorKind.INVALID_READ));
    }
}
