package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.secureboot.fit.FitImage;

import java.io.IOException;
import java.util.Optional;

/** A FIT configuration with no signature at all, neither on itself nor on the images it boots. */
@CheckInfo(id = "secureboot.fit-unsigned", principle = Principle.HARDWARE_SECURITY, severity = Severity.HIGH,
        cwe = {347, 1326}, summary = "FIT image configuration is not signed: the bootloader cannot authenticate what it boots",
        remediation = "Add a signature node to every configuration (algo = \"sha256,rsa2048\" or stronger, sign-images"
                + " listing every image), sign with 'mkimage -k KEYDIR -K u-boot.dtb -r', and build U-Boot with"
                + " CONFIG_FIT_SIGNATURE and that control DTB.")
public final class FitUnsigned extends FitImageCheck {
    @Override
    protected void inspect(FitImage fit, Artifact a, Findings out) throws IOException {
        for (FdtNode conf : fit.configurations()) {
            boolean anySig = !FitImage.signatureNodes(conf).isEmpty() || FitImage.referencedImages(conf).stream()
                    .map(fit::image).flatMap(Optional::stream)
                    .anyMatch(i -> !FitImage.signatureNodes(i).isEmpty());
            if (!anySig) {
                out.at(a).message("FIT configuration " + conf.name() + " and its images carry no signature")
                        .evidence("configuration", conf.name())
                        .evidence("images", FitImage.referencedImages(conf))
                        .key(conf.name()).report();
            }
        }
    }
}
