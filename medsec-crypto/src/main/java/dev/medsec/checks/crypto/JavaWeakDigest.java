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
import java.util.Set;

@CheckInfo(id = "crypto.java-weak-digest", principle = Principle.STRONG_CRYPTO, severity = Severity.MEDIUM,
        cwe = {328, 327},
        summary = "Java code uses MD5, MD2, MD4 or SHA-1 through MessageDigest, or HMAC over MD5",
        remediation = "Use SHA-256 or stronger (MessageDigest.getInstance(\"SHA-256\")); for integrity of input "
                + "files use a signature, not a bare digest.")
public final class JavaWeakDigest extends JavaClassCheck {
    private static final Set<String> WEAK_DIGESTS = Set.of("MD2", "MD4", "MD5", "SHA", "SHA1", "SHA-1");
    /** HMAC-SHA-1 stays acceptable (SP 800-131A r2 §9); HMAC over MD5/MD2/MD4 does not. */
    private static final Set<String> WEAK_MACS = Set.of("HMACMD5", "HMACMD2", "HMACMD4");

    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (c.is("javax/crypto/Mac", "getInstance")) {
                c.arg(0).string().filter(n -> WEAK_MACS.contains(n.toUpperCase(Locale.ROOT))).ifPresent(n ->
                        JvmFinding.at(out, artifact, f, c).evidence("algorithm", n)
                                .message("Mac.getInstance(\"" + n + "\") in " + f.javaName())
                                .key(f.className() + "#" + c.method() + "#" + n).report());
            }
            if (c.is("java/security/MessageDigest", "getInstance")) {
                c.arg(0).string().filter(n -> WEAK_DIGESTS.contains(n.toUpperCase(Locale.ROOT))).ifPresent(n ->
                        JvmFinding.at(out, artifact, f, c).evidence("algorithm", n)
                                .message("MessageDigest.getInstance(\"" + n + "\") in " + f.javaName()
                                        + ": " + n + " is not collision resistant")
                                .key(f.className() + "#" + c.method() + "#" + n).report());
            }
        }
    }
}
