package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** The same block freed twice: Valgrind's InvalidFree inside a free'd block, ASan's double-free. */
@CheckInfo(id = "memory.double-free", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.HIGH, cwe = {415},
        summary = "A block of memory is freed twice",
        remediation = "Free each block exactly once, on one code path, and set the pointer to NULL after freeing it.")
public final class DoubleFree extends MemoryEvidenceCheck {
    public DoubleFree() {
        super(EnumSet.of(MemoryErrorKind.DOUBLE_FREE));
    }
}
