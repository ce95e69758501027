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

@CheckInfo(id = "crypto.cert-leaf-is-ca", principle = Principle.STRONG_CRYPTO, severity = Severity.MEDIUM,
        cwe = {295},
        summary = "An end-entity certificate (with a host name or TLS usage) is marked CA:true and can issue others",
        remediation = "Reissue the device certificate with basicConstraints CA:false and sign it with a separate CA.")
public final class CertLeafIsCa implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return CertificateContainers.mayHold(artifact);
    }

    @Override
    public void inspect(Artifact artifact, Findings out) {
        if (CertificateContainers.inTrustStore(artifact)) {
            // Roots in a trust store are CAs by definition, some with SAN or EKU extensions.
            return;
        }
        for (CertInfo c : CertFinding.certs(artifact, out, false)) {
            if (c.ca() && c.leafUsage()) {
                CertFinding.at(out, artifact, c).evidence("basicConstraints", "CA:true")
                        .message("certificate " + c.subject() + " names a host/TLS usage but is a CA")
                        .key(c.sha256()).report();
            }
        }
    }
}
