package dev.medsec.core.check;

import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.Optional;

/**
 * A file check that looks at one parsed form of the artifact (a linked ELF file, a FIT image...): the parsing and
 * the "is it one at all" test live in one place per family of checks, the checks see the parsed value only.
 *
 * @param <T> the parsed form, normally a cached view of the artifact
 */
public abstract class ParsedFileCheck<T> implements FileCheck {
    /**
     * The artifact in the form the check inspects; empty when it is not one or does not parse. {@code out} is
     * there for a family that reports a parse failure (once, from one of its checks).
     */
    protected abstract Optional<T> parse(Artifact artifact, Findings out) throws IOException;

    protected abstract void inspect(T parsed, Artifact artifact, Findings out) throws IOException;

    @Override
    public final void inspect(Artifact artifact, Findings out) throws IOException {
        Optional<T> parsed = parse(artifact, out);
        if (parsed.isPresent()) {
            inspect(parsed.get(), artifact, out);
        }
    }
}
