package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.cert.CertFinding;
import dev.medsec.checks.crypto.cert.CertInfo;
import dev.medsec.checks.crypto.cert.CertificateContainers;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

@CheckInfo(id = "crypto.cert-weak-key", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {326},
        summary = "A certificate carries an RSA/DSA key below 2048 bits or an EC key below 256 bits",
        remediation = "Reissue the certificate with RSA >= 3072 (>= 2048 until 2030) or ECDSA P-256/P-384 "
                + "(SP 800-131A r2, SP 800-57).")
public final class CertWeakKey implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return CertificateContainers.mayHold(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) {
        // This check reports unreadable certificate containers on behalf of all certificate checks.
        for (CertInfo c : CertFinding.certs(artifact, out, true)) {
            int min = dev.medsec.core.policy.CryptoPolicy.standard().minimumKeyBits(c.keyAlgorithm().startsWith("EC") ? "ec"
                    : c.keyAlgorithm().startsWith("DSA") ? "dsa" : "rsa");
            boolean sized = c.keyAlgorithm().equals("RSA") || c.keyAlgorithm().equals("DSA")
                    || c.keyAlgorithm().startsWith("EC");
            if (sized && c.keyBits() > 0 && c.keyBits() < min) {
                CertFinding.at(out, artifact, c).evidence("keyAlgorithm", c.keyAlgorithm())
                        .evidence("keyBits", c.keyBits())
                        .message(c.keyAlgorithm() + " " + c.keyBits() + "-bit key in certificate " + c.subject())
                        .key(c.sha256()).report();
            }
        }
    }
}
