package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

/** Without IMA, files executed after boot (on writable filesystems) are neither measured nor appraised. */
@CheckInfo(id = "secureboot.kernel-no-ima", principle = Principle.HARDWARE_SECURITY, severity = Severity.LOW,
        cwe = {345, 1326}, summary = "Kernel built without IMA: executed files are neither measured nor appraised",
        remediation = "Set CONFIG_IMA=y and CONFIG_IMA_APPRAISE=y (with EVM) when the device runs code from writable"
                + " storage; a fully dm-verity-protected read-only system may justify the absence in the device profile.")
public final class KernelNoIma implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        KernelIntegrityOption.report(image, out, "CONFIG_IMA", "IMA");
    }
}
