package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.jvm.CallSite;
import dev.medsec.checks.crypto.jvm.JvmFinding;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.util.Locale;
import java.util.Set;

@CheckInfo(id = "crypto.java-weak-digest", principle = Principle.STRONG_CRYPTO, severity = Severity.MEDIUM,
        cwe = {328, 327},
        summary = "Java code uses MD5, MD2, MD4 or SHA-1 through MessageDigest or Mac",
        remediation = "Use SHA-256 or stronger (MessageDigest.getInstance(\"SHA-256\")); for integrity of input "
                + "files use a signature, not a bare digest.")
public final class JavaWeakDigest implements FileCheck {
    private static final Set<String> WEAK_DIGESTS = Set.of("MD2", "MD4", "MD5", "SHA", "SHA1", "SHA-1");

    @Override
    public boolean appliesTo(Artifact artifact) {
        return JvmFinding.isClass(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) {
        JvmFinding.facts(artifact, out, false).ifPresent(f -> {
            for (CallSite c : f.calls()) {
                if (c.is("java/security/MessageDigest", "getInstance")) {
                    c.arg(0).string().filter(n -> WEAK_DIGESTS.contains(n.toUpperCase(Locale.ROOT))).ifPresent(n ->
                            JvmFinding.at(out, artifact, f, c).evidence("algorithm", n)
                                    .message("MessageDigest.getInstance(\"" + n + "\") in " + f.javaName()
                                            + ": " + n + " is not collision resistant")
                                    .key(f.className() + "#" + c.method() + "#" + n).report());
                }
            }
        });
    }
}
