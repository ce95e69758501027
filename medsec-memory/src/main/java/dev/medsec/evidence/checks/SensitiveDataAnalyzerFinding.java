package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 6 (sensitive data). */
@CheckInfo(id = "sensitive.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.SENSITIVE_DATA, severity = Severity.MEDIUM, cwe = {311},
        summary = "Another analyzer reported a sensitive data weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class SensitiveDataAnalyzerFinding extends AnalyzerFindingCheck {
}
