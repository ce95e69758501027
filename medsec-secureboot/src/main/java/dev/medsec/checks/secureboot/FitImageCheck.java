package dev.medsec.checks.secureboot;

import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ParsedFileCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.secureboot.fit.FitImage;

import java.util.Optional;

/** A check of one FIT image (a device tree that is a FIT); other device trees and unparseable ones are skipped. */
abstract class FitImageCheck extends ParsedFileCheck<FitImage> {
    @Override
    public final boolean appliesTo(Artifact a) {
        return a.type() == FileType.FDT;
    }

    @Override
    protected final Optional<FitImage> parse(Artifact a, Findings out) {
        return FitChecks.fit(a);
    }
}
