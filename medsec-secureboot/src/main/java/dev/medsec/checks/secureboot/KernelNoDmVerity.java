package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

/** Without dm-verity the root filesystem, the last link of the chain, is not verified block by block. */
@CheckInfo(id = "secureboot.kernel-no-dm-verity", principle = Principle.HARDWARE_SECURITY, severity = Severity.MEDIUM,
        cwe = {354, 1326}, summary = "Kernel built without dm-verity: the root filesystem cannot be verified at read time",
        remediation = "Set CONFIG_DM_VERITY=y (and CONFIG_DM_VERITY_VERIFY_ROOTHASH_SIG=y), make the root filesystem"
                + " read-only with 'veritysetup format', and pass the root hash from the signed boot image.")
public final class KernelNoDmVerity implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        KernelIntegrityOption.report(image, out, "CONFIG_DM_VERITY", "dm-verity");
    }
}
