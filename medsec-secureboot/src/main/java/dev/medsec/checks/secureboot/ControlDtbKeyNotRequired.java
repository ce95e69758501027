package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.fdt.Fdt;
import dev.medsec.secureboot.fit.ControlDtbKeys;
import dev.medsec.secureboot.fit.FitKey;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A U-Boot control DTB key without {@code required}: U-Boot then checks a signature only if the image happens
 * to carry one, so an unsigned FIT boots. {@code required = "image"} alone allows mix-and-match.
 */
@CheckInfo(id = "secureboot.control-dtb-key-not-required", principle = Principle.HARDWARE_SECURITY,
        severity = Severity.HIGH, cwe = {347, 1326},
        summary = "U-Boot control DTB key is not required: unsigned or re-combined FIT images still boot",
        remediation = "Sign with 'mkimage ... -K u-boot.dtb -r' (or set required = \"conf\" in /signature/key-NAME)"
                + " so U-Boot refuses any configuration this key has not signed.")
public final class ControlDtbKeyNotRequired implements FileCheck {
    @Override
    public boolean appliesTo(Artifact a) {
        return a.type() == FileType.FDT;
    }

    @Override
    public void inspect(Artifact a, Findings out) throws IOException {
        Optional<Fdt> dtb = FitChecks.controlDtb(a);
        if (dtb.isEmpty()) {
            return;
        }
        List<FitKey> keys;
        try {
            keys = ControlDtbKeys.read(dtb.get());
        } catch (MalformedFormatException e) {
            out.error(a.path(), e.getMessage());
            return;
        }
        boolean anyConf = keys.stream().anyMatch(k -> k.required().orElse("").equals("conf"));
        for (FitKey k : keys) {
            String req = k.required().orElse("");
            if (req.equals("conf")) {
                continue;
            }
            if (req.equals("image") && anyConf) {
                continue;
            }
            out.at(a).message("control DTB key " + k.name() + (req.isEmpty() ? " is not required"
                            : " is required for images only (mix-and-match remains possible)"))
                    .evidence("key", k.name()).evidence("required", req.isEmpty() ? "(absent)" : req)
                    .evidence("algorithm", k.cipher() + k.bits())
                    .severity(req.isEmpty() ? Severity.HIGH : Severity.MEDIUM)
                    .key(k.name()).report();
        }
    }
}
