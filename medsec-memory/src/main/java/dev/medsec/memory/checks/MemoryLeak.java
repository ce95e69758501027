package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.evidence.EvidenceSet;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/**
 * Memory lost at exit: definitely and indirectly lost blocks (Valgrind, LeakSanitizer); possibly lost ones at low
 * severity. This check also reports evidence files that could not be read, so each is reported exactly once.
 */
@CheckInfo(id = "memory.leak", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {401, 772},
        summary = "Allocated memory is never freed (memory leak)",
        remediation = "Free every allocation on every path (including error paths); the evidence gives the"
                + " allocation stack of the lost blocks.")
public final class MemoryLeak extends MemoryEvidenceCheck {
    public MemoryLeak() {
        super(EnumSet.of(MemoryErrorKind.LEAK_DEFINITE, MemoryErrorKind.LEAK_INDIRECT, MemoryErrorKind.LEAK_POSSIBLE));
    }

    @Override
    protected void reportProblems(EvidenceSet ev, Findings out) {
        for (EvidenceSet.Problem p : ev.problems()) {
            out.error(p.evidence(), "evidence not used: " + p.message());
        }
    }
}
