package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.cert.CertFinding;
import dev.medsec.checks.crypto.cert.CertInfo;
import dev.medsec.checks.crypto.cert.CertificateContainers;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.time.Instant;
import java.util.Iterator;

@CheckInfo(id = "crypto.cert-validity", principle = Principle.STRONG_CRYPTO, severity = Severity.MEDIUM,
        cwe = {298},
        summary = "A certificate is expired or not yet valid at the scan's reference time",
        remediation = "Renew the certificate and plan renewal in the device's update process; check the device "
                + "clock source if certificates are issued in the future.")
public final class CertValidity implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        Instant now = image.settings().now();
        for (Iterator<Artifact> it = image.files().filter(CertificateContainers::mayHold).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            boolean anchor = CertificateContainers.inTrustStore(a);
            for (CertInfo c : CertFinding.certs(a, out, false)) {
                if (now.isAfter(c.notAfter())) {
                    // An expired root in a trust store is dead weight, not an outage: lower severity.
                    CertFinding.at(out, a, c).evidence("notAfter", c.notAfter().toString())
                            .evidence("trustAnchor", anchor).severity(anchor ? Severity.LOW : Severity.MEDIUM)
                            .evidence("now", now.toString())
                            .message("certificate " + c.subject() + " expired on " + c.notAfter())
                            .key(c.sha256()).report();
                } else if (now.isBefore(c.notBefore())) {
                    CertFinding.at(out, a, c).evidence("notBefore", c.notBefore().toString())
                            .evidence("now", now.toString())
                            .message("certificate " + c.subject() + " is not valid before " + c.notBefore())
                            .key(c.sha256()).report();
                }
            }
        }
    }
}
