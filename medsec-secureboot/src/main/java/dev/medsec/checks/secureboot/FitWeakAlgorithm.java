package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.secureboot.fit.FitAlgorithm;
import dev.medsec.secureboot.fit.FitHashes;
import dev.medsec.secureboot.fit.FitImage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** FIT hash or signature algorithms that do not resist a deliberate change: CRC32, MD5, SHA-1, RSA-1024. */
@CheckInfo(id = "secureboot.fit-weak-algorithm", principle = Principle.HARDWARE_SECURITY, severity = Severity.MEDIUM,
        cwe = {328, 327}, summary = "FIT image uses a weak hash or signature algorithm (CRC32, MD5, SHA-1, RSA below 2048 bits)",
        remediation = "Use algo = \"sha256\" (or sha384/sha512) in hash nodes and \"sha256,rsa2048\" or stronger"
                + " (rsa3072/rsa4096, ecdsa256) in signature nodes, then re-sign.")
public final class FitWeakAlgorithm extends FitImageCheck {
    @Override
    protected void inspect(FitImage fit, Artifact a, Findings out) throws IOException {
        List<FdtNode> holders = new ArrayList<>(fit.images());
        holders.addAll(fit.configurations());
        for (FdtNode n : holders) {
            for (FdtNode h : FitImage.hashNodes(n)) {
                String algo = h.string("algo").orElse("");
                if (FitHashes.weak(algo)) {
                    out.at(a).message("FIT hash " + h.path() + " uses " + algo)
                            .evidence("node", h.path()).evidence("algo", algo).key(h.path()).report();
                }
            }
            for (FdtNode s : FitImage.signatureNodes(n)) {
                String algo = s.string("algo").orElse("");
                Optional<FitAlgorithm> fa = FitAlgorithm.parse(algo, s.string("padding"));
                if (fa.isEmpty() || fa.get().weak()) {
                    out.at(a).message("FIT signature " + s.path() + " uses "
                                    + (fa.isEmpty() ? "an unknown algorithm '" + algo + "'" : fa.get().label()))
                            .evidence("node", s.path()).evidence("algo", algo).key(s.path()).report();
                }
            }
        }
    }
}
