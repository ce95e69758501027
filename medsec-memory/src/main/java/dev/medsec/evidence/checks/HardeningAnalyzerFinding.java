package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 2 (toolchain hardening). */
@CheckInfo(id = "hardening.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM, cwe = {758},
        summary = "Another analyzer reported a toolchain hardening weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class HardeningAnalyzerFinding extends AnalyzerFindingCheck {
}
