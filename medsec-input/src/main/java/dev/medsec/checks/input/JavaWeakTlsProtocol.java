package dev.medsec.checks.input;

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

@CheckInfo(id = "input.java-weak-tls-protocol", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {326, 757},
        summary = "Java code asks for an SSL/TLS context below TLS 1.2 (SSL, SSLv3, TLSv1, TLSv1.1)",
        remediation = "Use SSLContext.getInstance(\"TLSv1.3\") or \"TLSv1.2\" (SP 800-52 r2), and restrict "
                + "enabled protocols to TLSv1.2+.")
public final class JavaWeakTlsProtocol extends JavaClassCheck {
    private static final Set<String> WEAK = Set.of("SSL", "SSLV2", "SSLV3", "TLSV1", "TLSV1.1", "TLS1", "TLS1.1");

    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (c.is("javax/net/ssl/SSLContext", "getInstance")) {
                c.arg(0).string().filter(p -> WEAK.contains(p.toUpperCase(java.util.Locale.ROOT))).ifPresent(p ->
                        JvmFinding.at(out, artifact, f, c).evidence("protocol", p)
                                .message("SSLContext.getInstance(\"" + p + "\") in " + f.javaName() + "."
                                        + c.method())
                                .key(f.className() + "#" + c.method() + "#" + p).report());
            }
        }
    }
}
