package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.CommandLineSources;
import dev.medsec.attacksurface.kernel.KernelCommandLine;
import dev.medsec.attacksurface.kernel.KernelConfig;
import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.attacksurface.kernel.KernelRuleSet;
import dev.medsec.attacksurface.kernel.RuleResult;
import dev.medsec.profile.DeviceProfile;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Command-line rules of kernel-rules.yaml on every command line the boot configuration passes (U-Boot
 * environment and scripts, extlinux.conf, grub.cfg, /etc/default/grub, cmdline.txt, CONFIG_CMDLINE). A kernel
 * config in the same root filesystem supplies the defaults a parameter would otherwise have to set.
 */
@CheckInfo(id = "attacksurface.kernel-cmdline", principle = Principle.ATTACK_SURFACE, severity = Severity.MEDIUM,
        cwe = {1188, 693}, summary = "Kernel command line weakens or lacks a recommended hardening parameter",
        remediation = "Change the bootloader's kernel command line as the finding's rule says.")
public final class KernelCommandLineHardening implements ImageCheck {
    @Override
    public void prepare() {
        KernelRuleSet.builtIn();
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        KernelConfigSources.Found configs = KernelConfigSources.find(image);
        List<CommandLineSources.Source> sources = new ArrayList<>(CommandLineSources.find(image));
        boolean noBootloaderLine = sources.isEmpty();
        for (KernelConfigSources.Located l : configs.configs()) {
            // The built-in line is judged on its own when it is all the kernel gets.
            if (noBootloaderLine || l.config().isBuiltin("CONFIG_CMDLINE_FORCE")) {
                CommandLineSources.builtIn(l).ifPresent(sources::add);
            }
        }
        if (sources.isEmpty()) {
            return; // no command line to judge: the rule table is not even parsed
        }
        KernelRuleSet rules = KernelRuleSet.builtIn();
        for (CommandLineSources.Source s : sources) {
            Optional<KernelConfig> config = KernelConfigSources.forLayer(configs, s.layer());
            KernelCommandLine effective = effective(s, config);
            for (RuleResult r : rules.evaluateCmdline(effective.params(), config, profile)) {
                if (r.status() == RuleResult.Status.FAIL || r.status() == RuleResult.Status.ACCEPTED) {
                    KernelRuleFindings.report(out, s.path(), r, config, s.where(), s.where());
                }
            }
        }
    }

    /**
     * The line the kernel will see: a built-in CONFIG_CMDLINE comes first and the bootloader's parameters
     * override it, unless CONFIG_CMDLINE_FORCE makes the built-in line the only one.
     */
    private static KernelCommandLine effective(CommandLineSources.Source s, Optional<KernelConfig> config) {
        if (s.where().equals("CONFIG_CMDLINE") || config.isEmpty()) {
            return s.cmdline();
        }
        String builtIn = config.get().option("CONFIG_CMDLINE").map(KernelConfig.Option::text).orElse("");
        if (builtIn.isBlank()) {
            return s.cmdline();
        }
        return KernelCommandLine.parse(builtIn + " " + s.cmdline().text());
    }
}
