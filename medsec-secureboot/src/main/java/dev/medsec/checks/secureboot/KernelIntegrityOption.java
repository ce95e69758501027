package dev.medsec.checks.secureboot;

import dev.medsec.attacksurface.kernel.KernelConfig;
import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Image;

import java.util.Optional;

/**
 * Shared logic of the kernel-config checks of the chain of trust: report every kernel configuration found
 * (the attack-surface module's sources: .config, /boot/config-*, IKCONFIG) where an option is off.
 * Module signature enforcement and lockdown are already rules of the kernel rule set (attack surface), so
 * they are not reported twice here; they appear in the chain-of-trust section.
 */
final class KernelIntegrityOption {
    private KernelIntegrityOption() {
    }

    static void report(Image image, Findings out, String option, String what) {
        KernelConfigSources.Found found = KernelConfigSources.find(image);
        for (KernelConfigSources.Located l : found.configs()) {
            KernelConfig c = l.config();
            if (!c.isEnabled(option)) {
                Optional<KernelConfig.Option> o = c.option(option);
                out.at(l.path()).message("kernel configuration lacks " + what + " (" + option + ")")
                        .evidence("option", option)
                        .evidence("line", o.map(KernelConfig.Option::asLine).orElse("(absent)"))
                        .evidence("origin", l.origin().name())
                        .key(option).report();
            }
        }
    }
}
