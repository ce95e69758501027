package dev.medsec.checks.secureboot;

import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.secureboot.fit.FitImage;

import java.io.IOException;
import java.util.Optional;

/** A check of one FIT image (a device tree that is a FIT); other device trees and unparseable ones are skipped. */
abstract class FitImageCheck implements FileCheck {
    @Override
    public final boolean appliesTo(Artifact a) {
        return a.type() == FileType.FDT;
    }

    @Override
    public final void inspect(Artifact a, Findings out) throws IOException {
        Optional<FitImage> fit = FitChecks.fit(a);
        if (fit.isPresent()) {
            inspect(fit.get(), a, out);
        }
    }

    abstract void inspect(FitImage fit, Artifact a, Findings out) throws IOException;
}
