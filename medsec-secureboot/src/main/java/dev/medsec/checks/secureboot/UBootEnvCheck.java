package dev.medsec.checks.secureboot;

import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ParsedFileCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.secureboot.ubootenv.UBootEnv;

import java.util.Optional;

/** A check of one U-Boot environment (text or binary form); files that are not one are skipped. */
abstract class UBootEnvCheck extends ParsedFileCheck<UBootEnv> {
    @Override
    public final boolean appliesTo(Artifact a) {
        return UBootEnv.isCandidate(a);
    }

    @Override
    protected final Optional<UBootEnv> parse(Artifact a, Findings out) {
        return a.tryView(UBootEnv.VIEW);
    }
}
