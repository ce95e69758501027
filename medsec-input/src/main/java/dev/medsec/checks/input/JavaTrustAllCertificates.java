package dev.medsec.checks.input;

import dev.medsec.code.jvm.JavaClassCheck;
import dev.medsec.code.jvm.JavaClassFacts;
import dev.medsec.code.jvm.JvmFinding;
import dev.medsec.code.jvm.MethodFacts;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.util.Set;

@CheckInfo(id = "input.java-trust-all-certificates", principle = Principle.UNTRUSTED_INPUT,
        severity = Severity.CRITICAL, cwe = {295},
        summary = "An X509TrustManager accepts every certificate chain (empty checkServerTrusted/checkClientTrusted)",
        remediation = "Delete the custom trust manager and use the platform default, or pin the expected CA/key; "
                + "a check method must throw CertificateException on an untrusted chain.")
public final class JavaTrustAllCertificates extends JavaClassCheck {
    private static final Set<String> TRUST_MANAGERS = Set.of("javax/net/ssl/X509TrustManager",
            "javax/net/ssl/X509ExtendedTrustManager", "javax/net/ssl/TrustManager");
    private static final Set<String> CHECKS = Set.of("checkServerTrusted", "checkClientTrusted");

    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        boolean trustManager = f.interfaces().stream().anyMatch(TRUST_MANAGERS::contains)
                || f.superName().equals("javax/net/ssl/X509ExtendedTrustManager");
        if (!trustManager) {
            return;
        }
        for (MethodFacts m : f.methods()) {
            if (CHECKS.contains(m.name()) && m.body() == MethodFacts.Body.EMPTY) {
                JvmFinding.at(out, artifact, f, m.name() + m.desc(), 0, m.line())
                        .message(f.javaName() + "." + m.name() + " accepts every certificate: it returns "
                                + "without checking the chain")
                        .key(f.className() + "#" + m.name() + m.desc()).report();
            }
        }
    }
}
