package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 1 (hardware security). */
@CheckInfo(id = "hardware.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.HARDWARE_SECURITY, severity = Severity.MEDIUM, cwe = {1326},
        summary = "Another analyzer reported a hardware security weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class HardwareAnalyzerFinding extends AnalyzerFindingCheck {
}
