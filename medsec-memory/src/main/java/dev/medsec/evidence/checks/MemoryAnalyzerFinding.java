package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 5 (memory management). */
@CheckInfo(id = "memory.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {119},
        summary = "Another analyzer reported a memory management weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class MemoryAnalyzerFinding extends AnalyzerFindingCheck {
}
