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

/** Each input AFL++ saved in hangs/: an input that makes the program run past the fuzzer's time limit. */
@CheckInfo(id = "input.fuzz-hang", soup = SoupTreatment.KEEP, principle = Principle.UNTRUSTED_INPUT, severity = Severity.MEDIUM,
        cwe = {834, 400},
        summary = "Fuzzing found an input that makes the program hang",
        remediation = "Reproduce with the saved input, bound the loop or recursion it drives, and keep the input in"
                + " the regression corpus.")
public final class FuzzHang implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        EvidenceSet ev = EvidenceLoader.of(image);
        for (EvidenceSet.Sourced<FuzzCampaign> s : ev.fuzzing()) {
            for (FuzzInput in : s.item().hangs()) {
                FuzzingFindings.reportInput(image, s, in, "Hang", out);
            }
        }
    }
}
