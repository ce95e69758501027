package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.secureboot.ubootenv.UBootEnv;

import java.util.Optional;

/**
 * A U-Boot console anyone at the serial port can reach: autoboot can be interrupted with any key
 * (bootdelay >= 0 and no bootstopkey / bootstopkeysha256) or autoboot is off (bootdelay = -1). From that
 * console, setenv and bootm of an arbitrary image defeat secure boot unless the console is locked down.
 */
@CheckInfo(id = "secureboot.uboot-env-open-console", principle = Principle.HARDWARE_SECURITY, severity = Severity.MEDIUM,
        cwe = {1191, 306}, summary = "U-Boot autoboot can be interrupted without a stop key: the bootloader console is open",
        remediation = "Set bootdelay=-2 (no interruption), or require a secret with CONFIG_AUTOBOOT_KEYED and"
                + " bootstopkeysha256, and disable the console in production (CONFIG_SILENT_CONSOLE, CONFIG_CMDLINE=n).")
public final class UBootEnvOpenConsole extends UBootEnvCheck {
    @Override
    protected void inspect(UBootEnv env, Artifact a, Findings out) {
        Optional<String> delay = env.get("bootdelay");
        if (delay.isEmpty()) {
            return;
        }
        int d;
        try {
            d = Integer.parseInt(delay.get().trim());
        } catch (NumberFormatException e) {
            return;
        }
        boolean keyed = env.get("bootstopkey").isPresent() || env.get("bootstopkeysha256").isPresent();
        if (d == -1) {
            out.at(a).message("U-Boot autoboot is disabled (bootdelay=-1): the device stops at the bootloader console")
                    .evidence("variable", "bootdelay=-1").key("bootdelay").report();
        } else if (d >= 0 && !keyed) {
            out.at(a).message("U-Boot autoboot can be interrupted with any key (bootdelay=" + d + ", no bootstopkey)")
                    .evidence("variable", "bootdelay=" + d).evidence("bootstopkey", "(absent)")
                    .key("bootdelay").report();
        }
    }
}
