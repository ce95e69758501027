package dev.medsec.checks.input;

import dev.medsec.code.jvm.Arg;
import dev.medsec.code.jvm.CallSite;
import dev.medsec.code.jvm.JavaClassCheck;
import dev.medsec.code.jvm.JavaClassFacts;
import dev.medsec.code.jvm.JvmFinding;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.util.Set;

@CheckInfo(id = "input.java-sql-injection", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {89},
        summary = "Java code executes SQL text built by concatenation instead of a prepared statement",
        remediation = "Use Connection.prepareStatement with '?' placeholders and bind every value with setXxx.")
public final class JavaSqlInjection extends JavaClassCheck {
    private static final Set<String> OWNERS = Set.of("java/sql/Statement", "java/sql/Connection",
            "java/sql/PreparedStatement", "java/sql/CallableStatement");
    /** Executing or preparing SQL text; preparing a concatenated string is as injectable as executing it. */
    private static final Set<String> SINKS = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "addBatch", "prepareStatement", "prepareCall", "nativeSQL");

    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (OWNERS.contains(c.owner()) && SINKS.contains(c.name()) && c.desc().startsWith("(Ljava/lang/String;")
                    && c.arg(0).kind() == Arg.Kind.DYNAMIC_STRING) {
                JvmFinding.at(out, artifact, f, c)
                        .message(c.owner().substring(c.owner().lastIndexOf('/') + 1) + "." + c.name()
                                + " in " + f.javaName() + "." + c.method() + " runs SQL built by concatenation")
                        .key(f.className() + "#" + c.method() + "#" + c.name() + "#" + c.line()).report();
            }
        }
    }
}
