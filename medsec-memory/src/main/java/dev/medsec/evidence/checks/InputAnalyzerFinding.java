package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 4 (untrusted input). */
@CheckInfo(id = "input.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.UNTRUSTED_INPUT, severity = Severity.MEDIUM, cwe = {20},
        summary = "Another analyzer reported an untrusted-input weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class InputAnalyzerFinding extends AnalyzerFindingCheck {
}
