package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Blocks still pointed to at exit: not a defect by itself, reported as information. */
@CheckInfo(id = "memory.still-reachable", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.INFO, cwe = {401},
        summary = "Memory still reachable when the program exits (not freed, but not lost)",
        remediation = "Free long-lived blocks at exit when the program is a library or restarts often, so that real leaks stand out.")
public final class StillReachable extends MemoryEvidenceCheck {
    public StillReachable() {
        super(EnumSet.of(MemoryErrorKind.STILL_REACHABLE));
    }
}
