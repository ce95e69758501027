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

@CheckInfo(id = "crypto.cert-weak-signature", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 328},
        summary = "A certificate is signed with MD5 or SHA-1, so its issuer's signature can be forged",
        remediation = "Reissue the certificate signed with SHA-256 or stronger.")
public final class CertWeakSignature implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return CertificateContainers.mayHold(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) {
        for (CertInfo c : CertFinding.certs(artifact, out, false)) {
            // A self-signed trust anchor is trusted by its presence, not by its signature: SHA-1 there is harmless.
            if (!c.selfSigned() && CertificateContainers.weakSignature(c.signatureAlgorithm())) {
                CertFinding.at(out, artifact, c).evidence("signatureAlgorithm", c.signatureAlgorithm())
                        .message("certificate " + c.subject() + " is signed with " + c.signatureAlgorithm())
                        .key(c.sha256()).report();
            }
        }
    }
}
