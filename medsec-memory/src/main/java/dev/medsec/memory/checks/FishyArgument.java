package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Size arguments a correct program never passes: Valgrind's FishyValue, ASan's negative-size-param or calloc-overflow. */
@CheckInfo(id = "memory.fishy-argument", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {687, 131},
        summary = "An allocation function is called with a nonsensical size (negative or overflowing)",
        remediation = "Compute allocation sizes with overflow checks and reject negative or huge sizes before calling the allocator.")
public final class FishyArgument extends MemoryEvidenceCheck {
    public FishyArgument() {
        super(EnumSet.of(MemoryErrorKind.FISHY_ARGUMENT));
    }
}
