package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.secureboot.ubootenv.UBootEnv;

import java.util.Locale;
import java.util.Optional;

/** {@code verify=no} in a U-Boot environment: bootm skips the image checksum/hash verification. */
@CheckInfo(id = "secureboot.uboot-env-verify-disabled", principle = Principle.HARDWARE_SECURITY, severity = Severity.HIGH,
        cwe = {354, 1326}, summary = "U-Boot environment sets verify=no: images boot without integrity verification",
        remediation = "Remove 'verify' from the environment (the default is to verify) and build U-Boot with"
                + " CONFIG_ENV_IS_NOWHERE or a read-only, authenticated environment so it cannot be changed on the device.")
public final class UBootEnvVerifyDisabled extends UBootEnvCheck {
    @Override
    protected void inspect(UBootEnv env, Artifact a, Findings out) {
        Optional<String> v = env.get("verify");
        if (v.isPresent() && v.get().toLowerCase(Locale.ROOT).startsWith("n")) {
            out.at(a).message("U-Boot environment disables image verification (verify=" + v.get() + ")")
                    .evidence("variable", "verify=" + v.get()).evidence("format", env.format().name())
                    .key("verify").report();
        }
    }
}
