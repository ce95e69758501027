package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.attacksurface.kernel.KernelRule;
import dev.medsec.attacksurface.kernel.KernelRuleSet;
import dev.medsec.attacksurface.kernel.RuleResult;
import dev.medsec.profile.DeviceProfile;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the kernel config rules of one category on every configuration in the image. The three categories
 * are three checks so that each has its own id, severity and documentation.
 */
abstract class KernelConfigRuleCheck implements ImageCheck {
    private final KernelRule.Category category;

    KernelConfigRuleCheck(KernelRule.Category category) {
        this.category = category;
    }

    @Override
    public void prepare() {
        KernelRuleSet.builtIn();
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        KernelConfigSources.Found found = KernelConfigSources.find(image);
        if (writesSection()) {
            found.problems().forEach(p -> out.error(p.path(), "kernel configuration unreadable: " + p.message()));
        }
        if (found.configs().isEmpty()) {
            return; // nothing to judge: the rule table is not even parsed
        }
        KernelRuleSet rules = KernelRuleSet.builtIn();
        List<Object> section = new ArrayList<>();
        for (KernelConfigSources.Located l : found.configs()) {
            List<RuleResult> results = rules.evaluateConfig(l.config(), profile);
            for (RuleResult r : results) {
                if (r.rule().category() == category) {
                    KernelRuleFindings.report(out, l.path(), r, Optional.of(l.config()), "", "");
                }
            }
            section.add(summary(l, results));
        }
        if (writesSection() && !section.isEmpty()) {
            out.section("kernelConfig", section);
        }
    }

    /** Only one of the three checks writes the shared report section. */
    boolean writesSection() {
        return false;
    }

    private static Map<String, Object> summary(KernelConfigSources.Located l, List<RuleResult> results) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", l.path());
        m.put("origin", l.origin().name().toLowerCase(Locale.ROOT));
        l.config().release().ifPresent(v -> m.put("release", v));
        l.config().arch().ifPresent(a -> m.put("arch", a.id()));
        m.put("options", l.config().options().size());
        if (!l.alsoAt().isEmpty()) {
            m.put("alsoAt", l.alsoAt());
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (RuleResult r : results) {
            String s = r.status().name().toLowerCase(Locale.ROOT);
            counts.merge(s, 1, Integer::sum);
            Map<String, String> row = new LinkedHashMap<>();
            row.put("rule", r.rule().id());
            row.put("category", r.rule().category().id());
            row.put("status", s);
            row.put("detail", r.detail());
            rows.add(row);
        }
        m.put("counts", counts);
        m.put("results", rows);
        return m;
    }
}
