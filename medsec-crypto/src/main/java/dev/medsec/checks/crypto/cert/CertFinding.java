package dev.medsec.checks.crypto.cert;

import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.List;

/** Shared access and evidence for the certificate checks. */
public final class CertFinding {
    private CertFinding() {
    }

    /** The certificates of an artifact; a read error is reported only when {@code reportErrors}. */
    public static List<CertInfo> certs(Artifact a, Findings out, boolean reportErrors) {
        try {
            return a.view(CertificateContainers.VIEW);
        } catch (IOException e) {
            if (reportErrors) {
                out.error(a.path(), e.getMessage());
            }
            return List.of();
        }
    }

    public static FindingBuilder at(Findings out, Artifact a, CertInfo c) {
        return out.at(a).evidence("certificate", c.source()).evidence("subject", c.subject())
                .evidence("issuer", c.issuer()).evidence("sha256", c.sha256());
    }
}
