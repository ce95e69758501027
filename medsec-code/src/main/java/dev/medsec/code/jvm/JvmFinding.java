package dev.medsec.code.jvm;

import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.util.Optional;

/** The parts every bytecode check shares: which artifacts it reads, its view, and the evidence of a place. */
public final class JvmFinding {
    private JvmFinding() {
    }

    public static boolean isClass(Artifact a) {
        return a.type() == FileType.JAVA_CLASS;
    }

    /**
     * The facts of a class; empty when it does not parse. The parse error is reported once per class, by
     * the check that passes {@code reportErrors}, so that a bad class is not reported by every check.
     */
    public static Optional<JavaClassFacts> facts(Artifact a, Findings out, boolean reportErrors) {
        try {
            return Optional.of(a.view(JavaClassFacts.VIEW));
        } catch (java.io.IOException e) {
            if (reportErrors) {
                out.error(a.path(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** A finding at one call site: class, method, bytecode offset and line as evidence. */
    public static FindingBuilder at(Findings out, Artifact a, JavaClassFacts f, String method, int offset, int line) {
        FindingBuilder b = out.at(a).evidence("class", f.javaName()).evidence("method", method);
        if (offset >= 0) {
            b.evidence("bytecodeOffset", offset);
        }
        if (line >= 0) {
            b.evidence("line", line);
        }
        return b;
    }

    public static FindingBuilder at(Findings out, Artifact a, JavaClassFacts f, CallSite c) {
        return at(out, a, f, c.method(), c.offset(), c.line()).evidence("call",
                c.owner().replace('/', '.') + "." + c.name());
    }
}
