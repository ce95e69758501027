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

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

@CheckInfo(id = "crypto.cert-inventory", principle = Principle.STRONG_CRYPTO, severity = Severity.INFO,
        cwe = {295},
        summary = "Inventory of the certificates in the image (report section 'certificates')",
        remediation = "Review that every certificate the device carries is expected, owned and renewed in time.")
public final class CertInventory implements ImageCheck {
    /** One row of the "certificates" section of report.json. */
    public record Row(String path, String certificate, String subject, String issuer, String notBefore,
                      String notAfter, String key, String signature, boolean ca, String sha256) {
    }

    @Override
    public void inspect(Image image, Findings out) {
        List<Row> rows = new ArrayList<>();
        for (Iterator<Artifact> it = image.files().filter(CertificateContainers::mayHold).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            for (CertInfo c : CertFinding.certs(a, out, false)) {
                rows.add(new Row(a.path(), c.source(), c.subject(), c.issuer(), c.notBefore().toString(),
                        c.notAfter().toString(), c.keyAlgorithm() + (c.keyBits() > 0 ? " " + c.keyBits() : ""),
                        c.signatureAlgorithm(), c.ca(), c.sha256()));
            }
        }
        if (!rows.isEmpty()) {
            out.section("certificates", List.copyOf(rows));
        }
    }
}
