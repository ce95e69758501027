package dev.medsec.core.check;

import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.List;

/**
 * Looks for byte patterns in file content. The engine merges the patterns of every content check into one
 * automaton and passes over each file's bytes once, whatever the number of rules; a check only sees the
 * hits of its own patterns, and is called only for files where at least one of them occurs.
 */
public non-sealed interface ContentCheck extends Check {
    /** Cheap: a type, size or name test only. */
    boolean appliesTo(Artifact artifact);

    /** Anchors to search for; fixed for the life of the check. Pattern ids must be unique within the check. */
    List<BytePattern> patterns();

    /** Confirms the hits (a regex around them, a full table compare, a parse) and reports findings. */
    void inspect(Artifact artifact, List<PatternHit> hits, Findings out) throws IOException;
}
