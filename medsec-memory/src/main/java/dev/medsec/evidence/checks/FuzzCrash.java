package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;
import dev.medsec.evidence.EvidenceLoader;
import dev.medsec.evidence.EvidenceSet;
import dev.medsec.evidence.afl.FuzzCampaign;
import dev.medsec.evidence.afl.FuzzInput;

/**
 * Each input AFL++ saved in crashes/ is a finding, identified by the input's SHA-256 so that the same crasher
 * in a later campaign keeps its id. This check also writes the "fuzzing" section of the report.
 */
@CheckInfo(id = "input.fuzz-crash", soup = SoupTreatment.KEEP, principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH, cwe = {20},
        summary = "Fuzzing found an input that crashes the program",
        remediation = "Reproduce with the saved input (its SHA-256 is in the evidence), fix the parsing bug, and keep"
                + " the input in the regression corpus.")
public final class FuzzCrash implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        EvidenceSet ev = EvidenceLoader.of(image);
        if (ev.fuzzing().isEmpty()) {
            return;
        }
        for (EvidenceSet.Sourced<FuzzCampaign> s : ev.fuzzing()) {
            for (FuzzInput in : s.item().crashes()) {
                FuzzingFindings.reportInput(image, s, in, "Crash", out);
            }
        }
        out.section("fuzzing", FuzzingFindings.section(image, ev.fuzzing()));
    }
}
