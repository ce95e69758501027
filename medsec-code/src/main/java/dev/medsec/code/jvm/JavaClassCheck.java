package dev.medsec.code.jvm;

import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ParsedFileCheck;
import dev.medsec.core.image.Artifact;

import java.util.Optional;

/**
 * A check of one Java class file's bytecode facts. A class that does not parse is reported once, by the check
 * constructed with {@code reportsParseErrors}, not by every bytecode check.
 */
public abstract class JavaClassCheck extends ParsedFileCheck<JavaClassFacts> {
    private final boolean reportsParseErrors;

    protected JavaClassCheck() {
        this(false);
    }

    protected JavaClassCheck(boolean reportsParseErrors) {
        this.reportsParseErrors = reportsParseErrors;
    }

    @Override
    public final boolean appliesTo(Artifact artifact) {
        return JvmFinding.isClass(artifact);
    }

    @Override
    protected final Optional<JavaClassFacts> parse(Artifact artifact, Findings out) {
        return JvmFinding.facts(artifact, out, reportsParseErrors);
    }
}
