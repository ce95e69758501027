package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;

/** Results of other analyzers whose CWE serves principle 7 (cryptography). */
@CheckInfo(id = "crypto.analyzer-finding", soup = SoupTreatment.KEEP, principle = Principle.STRONG_CRYPTO, severity = Severity.MEDIUM, cwe = {327},
        summary = "Another analyzer reported a cryptography weakness",
        remediation = "Fix the code at the reported line as the analyzer's rule explains, or record a justified waiver.")
public final class CryptoAnalyzerFinding extends AnalyzerFindingCheck {
}
