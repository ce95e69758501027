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
import java.util.Optional;
import java.util.Set;

@CheckInfo(id = "crypto.java-weak-cipher", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 326},
        summary = "Java code requests a broken cipher (DES, 3DES, RC4, RC2, Blowfish), ECB mode or RSA PKCS#1 v1.5",
        remediation = "Use Cipher.getInstance(\"AES/GCM/NoPadding\") with a fresh random 12-byte IV per message, "
                + "or RSA/ECB/OAEPWithSHA-256AndMGF1Padding for key transport.")
public final class JavaWeakCipher extends JavaClassCheck {
    private static final Set<String> BROKEN = Set.of("DES", "DESEDE", "TRIPLEDES", "3DES", "RC4", "ARCFOUR", "ARC4",
            "RC2", "BLOWFISH", "IDEA");
    private static final Set<String> BLOCK = Set.of("AES", "AES_128", "AES_192", "AES_256", "DES", "DESEDE",
            "TRIPLEDES", "BLOWFISH", "CAMELLIA", "ARIA", "SEED", "RC2", "IDEA", "SM4");

    public JavaWeakCipher() {
        super(true); // this check reports class files that cannot be read, on behalf of all bytecode checks
    }

    @Override
    protected void inspect(JavaClassFacts f, Artifact artifact, Findings out) {
        for (CallSite c : f.calls()) {
            if (c.is("javax/crypto/Cipher", "getInstance")) {
                c.arg(0).string().ifPresent(t -> problem(t).ifPresent(why -> report(out, artifact, f, c, t, why)));
            }
        }
    }

    /** Why {@code transformation} is weak, or empty when it is acceptable. */
    static Optional<String> problem(String transformation) {
        String[] parts = transformation.toUpperCase(Locale.ROOT).split("/");
        String alg = parts[0].trim();
        if (BROKEN.contains(alg)) {
            return Optional.of(alg + " is disallowed (SP 800-131A)");
        }
        if (alg.startsWith("PBEWITH") && (alg.contains("DES") || alg.contains("RC2") || alg.contains("RC4"))) {
            return Optional.of("password-based " + alg + " uses a disallowed cipher");
        }
        if (alg.equals("RSA")) {
            if (parts.length < 3 || parts[2].equals("PKCS1PADDING")) {
                return Optional.of("RSA with PKCS#1 v1.5 encryption padding (padding-oracle prone; "
                        + "disallowed for key transport after 2023 by SP 800-131A r2)");
            }
            return Optional.empty();
        }
        if (BLOCK.contains(alg)) {
            if (parts.length == 1) {
                return Optional.of(alg + " without a mode defaults to ECB");
            }
            if (parts[1].trim().equals("ECB")) {
                return Optional.of("ECB mode leaks plaintext patterns");
            }
        }
        return Optional.empty();
    }

    private static void report(Findings out, Artifact a, JavaClassFacts f, CallSite c, String transformation,
                               String why) {
        JvmFinding.at(out, a, f, c).evidence("transformation", transformation).evidence("reason", why)
                .message("Cipher.getInstance(\"" + transformation + "\") in " + f.javaName() + ": " + why)
                .key(f.className() + "#" + c.method() + "#" + transformation).report();
    }
}
