package dev.medsec.checks.secureboot;

import dev.medsec.attacksurface.kernel.KernelConfig;
import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The device's hardware-security inventory: trusted execution environment (OP-TEE / TrustZone), hardware
 * random number generators, crypto engines and TPMs, from kernel configurations, kernel modules and
 * user-space daemons. Informational: one finding per category found, and a "hardwareSecurity" section.
 */
@CheckInfo(id = "hardware.security-inventory", principle = Principle.HARDWARE_SECURITY, severity = Severity.INFO,
        cwe = {1326}, summary = "Hardware security features found in the image (TEE, hardware RNG, crypto engine, TPM)",
        remediation = "Nothing to fix: confirm the list matches the hardware design, and that keys and random numbers"
                + " come from these features rather than from software.")
public final class HardwareSecurityInventory implements ImageCheck {
    /** {@code hints}: literals one of which every matching path contains, tested before the pattern. */
    private record Category(String name, Pattern config, Pattern file, List<String> hints) {
    }

    // File patterns are searched (find), anchored at a '/' and at the end: a leading ".*" with matches() would
    // backtrack through every path of the image once per category.
    private static final List<Category> CATEGORIES = List.of(
            new Category("tee", Pattern.compile("CONFIG_(OPTEE|TEE|ARM_TRUSTZONE\\w*|TRUSTED_FOUNDATIONS)"),
                    Pattern.compile("/(tee-supplicant|optee\\.ko(\\.\\w+)?|tee\\.ko(\\.\\w+)?|tee(-pager)?(_v2)?\\.bin)$"
                            + "|^/lib/optee_armtz/|/optee[^/]*\\.ta$"), List.of("tee", "optee")),
            new Category("hwrng", Pattern.compile("CONFIG_HW_RANDOM(_\\w+)?"),
                    Pattern.compile("/drivers/char/hw_random/[^/]+\\.ko(\\.\\w+)?$|/s?bin/rngd$"),
                    List.of("/drivers/char/hw_random/", "/rngd")),
            new Category("crypto-engine", Pattern.compile("CONFIG_CRYPTO_DEV_\\w+|CONFIG_CRYPTO_ENGINE"),
                    Pattern.compile("/drivers/crypto/.+\\.ko(\\.\\w+)?$"), List.of("/drivers/crypto/")),
            new Category("tpm", Pattern.compile("CONFIG_TCG_\\w+"),
                    Pattern.compile("/drivers/char/tpm/.+\\.ko(\\.\\w+)?$|/s?bin/(tpm2_\\w+|tcsd)$"),
                    List.of("/drivers/char/tpm/", "/tpm2_", "/tcsd")));

    @Override
    public void inspect(Image image, Findings out) {
        Map<String, Object> section = new LinkedHashMap<>();
        List<KernelConfigSources.Located> configs = KernelConfigSources.find(image).configs();
        for (Category c : CATEGORIES) {
            TreeSet<String> options = new TreeSet<>();
            for (KernelConfigSources.Located l : configs) {
                for (KernelConfig.Option o : l.config().options().values()) {
                    if (c.config().matcher(o.name()).matches() && l.config().isEnabled(o.name())) {
                        options.add(o.name() + "=" + o.value());
                    }
                }
            }
            List<String> files = new ArrayList<>();
            for (Artifact a : image.artifacts()) {
                String p = a.innerPath();
                if (c.hints().stream().anyMatch(p::contains) && c.file().matcher(p).find()) {
                    files.add(a.path());
                }
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("present", !options.isEmpty() || !files.isEmpty());
            entry.put("kernelOptions", List.copyOf(options));
            entry.put("files", files);
            section.put(c.name(), entry);
            if (!options.isEmpty() || !files.isEmpty()) {
                out.at(files.isEmpty() ? configs.get(0).path() : files.get(0))
                        .message("hardware security feature present: " + c.name())
                        .evidence("category", c.name()).evidence("kernelOptions", List.copyOf(options))
                        .evidence("files", files).key(c.name()).report();
            }
        }
        out.section("hardwareSecurity", section);
    }
}
