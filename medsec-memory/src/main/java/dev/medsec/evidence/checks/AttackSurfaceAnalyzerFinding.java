package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 3 (attack surface). */
@CheckInfo(id = "attacksurface.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.ATTACK_SURFACE, severity = Severity.MEDIUM, cwe = {1104},
        summary = "Another analyzer reported an attack-surface weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class AttackSurfaceAnalyzerFinding extends AnalyzerFindingCheck {
}
