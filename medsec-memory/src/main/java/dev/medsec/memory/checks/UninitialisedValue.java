package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Use of uninitialised memory: Valgrind's UninitValue, UninitCondition and uninitialised syscall parameters. */
@CheckInfo(id = "memory.uninitialised-value", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {457, 908},
        summary = "A value is used before it was initialised",
        remediation = "Initialise variables at declaration and allocated blocks before use (calloc or memset); the origin stack shows where the value was created.")
public final class UninitialisedValue extends MemoryEvidenceCheck {
    public UninitialisedValue() {
        super(EnumSet.of(MemoryErrorKind.UNINITIALISED_VALUE, MemoryErrorKind.UNINITIALISED_CONDITION));
    }
}
