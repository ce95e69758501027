package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.KernelConfig;
import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.attacksurface.kernel.KernelRuleSet;
import dev.medsec.attacksurface.kernel.ParamCondition;
import dev.medsec.attacksurface.kernel.RuleResult;
import dev.medsec.attacksurface.kernel.SysctlSettings;
import dev.medsec.profile.DeviceProfile;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.Optional;

/**
 * Sysctl rules of kernel-rules.yaml on the settings each root filesystem applies at boot. A key no file sets
 * has the kernel's default (or the default its configuration selects), which is judged too.
 */
@CheckInfo(id = "attacksurface.sysctl", principle = Principle.ATTACK_SURFACE, severity = Severity.MEDIUM,
        cwe = {1188, 693}, summary = "A sysctl setting applied at boot weakens or lacks a recommended protection",
        remediation = "Set the key in a file under /etc/sysctl.d/ as the finding's rule says.")
public final class SysctlHardening implements ImageCheck {
    @Override
    public void prepare() {
        KernelRuleSet.builtIn();
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        KernelConfigSources.Found configs = KernelConfigSources.find(image);
        KernelRuleSet rules = KernelRuleSet.builtIn();
        for (SysctlSettings.Effective e : SysctlSettings.find(image)) {
            Optional<KernelConfig> config = KernelConfigSources.forLayer(configs, e.layer());
            for (RuleResult r : rules.evaluateSysctl(e.values(), config, profile)) {
                String key = ParamCondition.parse(r.rule().expect().get(0)).name();
                SysctlSettings.Setting set = e.settings().get(key);
                String path = set != null ? set.path() : SysctlSettings.defaultPath(e.layer());
                String where = set != null ? key + " (line " + set.line() + ")" : key + " (not set)";
                KernelRuleFindings.report(out, path, r, config, key, where);
            }
        }
    }
}
