package dev.medsec.core.check;

import dev.medsec.core.image.Artifact;

import java.io.IOException;

/** Looks at one artifact at a time; the engine runs artifacts in parallel. */
public non-sealed interface FileCheck extends Check {
    /** Cheap: a type or name test only, no parsing. */
    boolean appliesTo(Artifact artifact);

    /** Reads cached views of the artifact and reports what it finds. An exception becomes an errors entry. */
    void inspect(Artifact artifact, Findings out) throws IOException;
}
