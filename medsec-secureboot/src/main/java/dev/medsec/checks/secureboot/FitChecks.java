package dev.medsec.checks.secureboot;

import dev.medsec.core.image.Artifact;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.secureboot.fit.ControlDtbKeys;
import dev.medsec.secureboot.fit.FitImage;

import java.util.Optional;

/** Shared lookups of the FIT checks: parsed once per artifact through the cached views. */
final class FitChecks {
    private FitChecks() {
    }

    /** The artifact as a FIT image, empty when it is another device tree or does not parse. */
    static Optional<FitImage> fit(Artifact a) {
        Optional<Fdt> fdt = a.tryView(Fdt.VIEW);
        if (fdt.isEmpty() || !FitImage.isFit(fdt.get())) {
            return Optional.empty();
        }
        return a.tryView(FitImage.VIEW);
    }

    /** The artifact as a control DTB carrying verification keys. */
    static Optional<Fdt> controlDtb(Artifact a) {
        return a.tryView(Fdt.VIEW).filter(ControlDtbKeys::hasKeys);
    }
}
