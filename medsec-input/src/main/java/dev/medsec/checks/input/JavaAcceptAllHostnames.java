package dev.medsec.checks.input;

import dev.medsec.code.jvm.JavaClassCheck;
import dev.medsec.code.jvm.JavaClassFacts;
import dev.medsec.code.jvm.JvmFinding;
import dev.medsec.code.jvm.LambdaSite;
import dev.medsec.code.jvm.MethodFacts;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

@CheckInfo(id = "input.java-accept-all-hostnames", principle = Principle.UNTRUSTED_INPUT,
        severity = Severity.HIGH, cwe = {297},
        summary = "A HostnameVerifier returns true for every host, so any valid certificate impersonates the peer",
        remediation = "Remove the custom HostnameVerifier; HttpsURLConnection's default verifier checks the "
                + "certificate against the host name.")
public final class JavaAcceptAllHostnames extends JavaClassCheck {
    private static final String VERIFIER = "javax/net/ssl/HostnameVerifier";
    private static final String VERIFY_DESC = "(Ljava/lang/String;Ljavax/net/ssl/SSLSession;)Z";

    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        if (f.interfaces().contains(VERIFIER)) {
            f.method("verify", VERIFY_DESC).filter(m -> m.body() == MethodFacts.Body.RETURNS_TRUE).ifPresent(m ->
                    JvmFinding.at(out, artifact, f, "verify" + VERIFY_DESC, 0, m.line())
                            .message(f.javaName() + ".verify returns true for every host name")
                            .key(f.className() + "#verify").report());
        }
        for (LambdaSite l : f.lambdas()) {
            if (l.iface().equals(VERIFIER) && l.implOwner().equals(f.className()) && lambdaReturnsTrue(f, l)) {
                JvmFinding.at(out, artifact, f, l.method(), l.offset(), l.line())
                        .evidence("lambda", l.implName())
                        .message("a HostnameVerifier lambda in " + f.javaName() + "." + l.method()
                                + " returns true for every host name")
                        .key(f.className() + "#" + l.implName()).report();
            }
        }
    }

    private static boolean lambdaReturnsTrue(JavaClassFacts f, LambdaSite l) {
        return f.method(l.implName(), l.implDesc()).map(m -> m.body() == MethodFacts.Body.RETURNS_TRUE).orElse(false);
    }
}
