package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.secureboot.fit.FitImage;

import java.io.IOException;
import java.util.List;

/**
 * Images signed one by one while the configuration is not: an attacker can pair a signed kernel with an old,
 * vulnerable signed device tree or initramfs (mix-and-match), and load addresses are not covered.
 */
@CheckInfo(id = "secureboot.fit-mix-and-match", principle = Principle.HARDWARE_SECURITY, severity = Severity.HIGH,
        cwe = {347, 1326}, summary = "FIT images are signed one by one but the configuration is not (mix-and-match attack)",
        remediation = "Sign the configurations instead of (or besides) the images: a signature node under each"
                + " configuration with sign-images covering every image, and required = \"conf\" keys in U-Boot's control DTB.")
public final class FitMixAndMatch extends FitImageCheck {
    @Override
    protected void inspect(FitImage fit, Artifact a, Findings out) throws IOException {
        for (FdtNode conf : fit.configurations()) {
            if (!FitImage.signatureNodes(conf).isEmpty()) {
                continue;
            }
            List<String> signedImages = FitImage.referencedImages(conf).stream()
                    .filter(n -> fit.image(n).map(i -> !FitImage.signatureNodes(i).isEmpty()).orElse(false))
                    .toList();
            if (!signedImages.isEmpty()) {
                out.at(a).message("FIT configuration " + conf.name() + " is unsigned while its images "
                                + signedImages + " are signed individually")
                        .evidence("configuration", conf.name())
                        .evidence("signedImages", signedImages)
                        .key(conf.name()).report();
            }
        }
    }
}
