package dev.medsec.checks.crypto;

import dev.medsec.code.jvm.CallSite;
import dev.medsec.code.jvm.JavaClassCheck;
import dev.medsec.code.jvm.JavaClassFacts;
import dev.medsec.code.jvm.JvmFinding;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.util.Locale;

@CheckInfo(id = "crypto.java-weak-signature", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 347},
        summary = "Java code signs or verifies with a disallowed hash (MD5, MD2, SHA-1) or no hash at all",
        remediation = "Use SHA256withRSA/RSASSA-PSS, SHA256withECDSA or Ed25519 (SP 800-131A r2 disallows SHA-1 "
                + "for signature generation).")
public final class JavaWeakSignature extends JavaClassCheck {
    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (c.is("java/security/Signature", "getInstance")) {
                c.arg(0).string().filter(JavaWeakSignature::weak).ifPresent(n ->
                        JvmFinding.at(out, artifact, f, c).evidence("algorithm", n)
                                .message("Signature.getInstance(\"" + n + "\") in " + f.javaName())
                                .key(f.className() + "#" + c.method() + "#" + n).report());
            }
        }
    }

    static boolean weak(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.startsWith("MD2WITH") || n.startsWith("MD5WITH") || n.startsWith("SHA1WITH")
                || n.startsWith("SHAWITH") || n.startsWith("NONEWITH");
    }
}
