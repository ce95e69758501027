package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** memcpy/strcpy with overlapping source and destination (undefined behaviour): Valgrind's Overlap, ASan's *-param-overlap. */
@CheckInfo(id = "memory.overlapping-copy", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {475},
        summary = "Source and destination of a memory copy overlap",
        remediation = "Use memmove for overlapping regions, or copy through a separate buffer.")
public final class OverlappingCopy extends MemoryEvidenceCheck {
    public OverlappingCopy() {
        super(EnumSet.of(MemoryErrorKind.OVERLAP));
    }
}
