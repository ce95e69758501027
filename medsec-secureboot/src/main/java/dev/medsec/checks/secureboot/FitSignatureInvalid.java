package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.FdtNode;
import dev.medsec.secureboot.fit.ControlDtbKeys;
import dev.medsec.secureboot.fit.FitImage;
import dev.medsec.secureboot.fit.FitKey;
import dev.medsec.secureboot.fit.FitVerifier;
import dev.medsec.secureboot.verify.ChainVerificationException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FIT images whose hashes do not match their data, or whose configuration signatures verify with none of
 * the keys of the control DTBs found in the same image (U-Boot would refuse to boot them, or the image holds
 * a control DTB that does not match the FIT it ships).
 */
@CheckInfo(id = "secureboot.fit-invalid-signature", principle = Principle.HARDWARE_SECURITY, severity = Severity.CRITICAL,
        cwe = {347, 354}, summary = "FIT image hash or signature does not verify (tampered, corrupted or signed with another key)",
        remediation = "Rebuild and re-sign the FIT with the key whose public half is in U-Boot's control DTB;"
                + " find out how a tampered or mismatched image reached the release.")
public final class FitSignatureInvalid implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        List<FitKey> keys = new ArrayList<>();
        List<String> keySources = new ArrayList<>();
        List<Artifact> fits = new ArrayList<>();
        for (Artifact a : (Iterable<Artifact>) image.files()::iterator) {
            if (a.type() != FileType.FDT) {
                continue;
            }
            if (FitChecks.fit(a).isPresent()) {
                fits.add(a);
            } else if (FitChecks.controlDtb(a).isPresent()) {
                try {
                    keys.addAll(ControlDtbKeys.read(FitChecks.controlDtb(a).get()));
                    keySources.add(a.path());
                } catch (MalformedFormatException e) {
                    out.error(a.path(), e.getMessage());
                }
            }
        }
        for (Artifact a : fits) {
            FitImage fit = FitChecks.fit(a).orElseThrow();
            checkHashes(a, fit, out);
            if (!keys.isEmpty()) {
                checkSignatures(a, fit, keys, keySources, out);
            }
        }
    }

    private static void checkHashes(Artifact a, FitImage fit, Findings out) {
        for (FdtNode img : fit.images()) {
            for (FdtNode h : FitImage.hashNodes(img)) {
                try {
                    FitVerifier.checkHash(fit, img, h);
                } catch (ChainVerificationException e) {
                    if (!e.getMessage().contains("unsupported algorithm")) {
                        out.at(a).message("FIT image " + img.name() + ": " + e.getMessage())
                                .evidence("node", h.path()).evidence("check", "hash").key(h.path()).report();
                    }
                } catch (MalformedFormatException e) {
                    out.error(a.path(), e.getMessage());
                }
            }
        }
    }

    private static void checkSignatures(Artifact a, FitImage fit, List<FitKey> keys, List<String> keySources,
                                        Findings out) {
        for (FdtNode conf : fit.configurations()) {
            for (FdtNode sig : FitImage.signatureNodes(conf)) {
                List<String> results = new ArrayList<>();
                boolean valid = false;
                for (FitKey k : keys) {
                    try {
                        FitVerifier.SignatureCheck c = FitVerifier.checkConfigSignature(fit, conf, sig, k);
                        valid |= c == FitVerifier.SignatureCheck.VALID || c == FitVerifier.SignatureCheck.WEAK_ALGORITHM;
                        results.add(k.name() + ": " + c.reason);
                    } catch (MalformedFormatException e) {
                        results.add(k.name() + ": " + e.getMessage());
                    }
                }
                if (!valid) {
                    Optional<String> hint = sig.string("key-name-hint");
                    out.at(a).message("FIT signature " + sig.path() + " verifies with no key of the control DTB(s) "
                                    + keySources)
                            .evidence("node", sig.path()).evidence("keyNameHint", hint.orElse(""))
                            .evidence("results", results).evidence("controlDtbs", keySources)
                            .key(sig.path()).report();
                }
            }
        }
    }
}
