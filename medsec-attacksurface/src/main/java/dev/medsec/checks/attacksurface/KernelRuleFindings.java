package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.KernelConfig;
import dev.medsec.attacksurface.kernel.KernelRule;
import dev.medsec.attacksurface.kernel.RuleResult;
import dev.medsec.core.Severity;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;

import java.util.Optional;

/** Turns failed and accepted rule results into findings, the same way for config, command-line and sysctl rules. */
final class KernelRuleFindings {
    private KernelRuleFindings() {
    }

    /**
     * @param keySuffix distinguishes several findings of one rule on one file (stable: no line numbers)
     * @param where     the place inside the file, for evidence
     */
    static void report(Findings out, String path, RuleResult r, Optional<KernelConfig> config, String keySuffix,
                       String where) {
        if (r.status() != RuleResult.Status.FAIL && r.status() != RuleResult.Status.ACCEPTED) {
            return;
        }
        KernelRule rule = r.rule();
        FindingBuilder f = out.at(path)
                .key(rule.id() + (keySuffix.isEmpty() ? "" : "@" + keySuffix))
                .message(rule.title() + ": " + r.detail())
                .evidence("rule", rule.id())
                .evidence("category", rule.category().id())
                .evidence("status", r.status().name().toLowerCase(java.util.Locale.ROOT))
                .evidence("observed", r.observed())
                .evidence("rationale", rule.rationale())
                .evidence("source", rule.source())
                .evidence("optionExistsIn", rule.versionRange())
                .remediation(rule.remediation())
                .severity(r.status() == RuleResult.Status.ACCEPTED ? Severity.INFO : rule.severity());
        if (!where.isEmpty()) {
            f.evidence("where", where);
        }
        config.flatMap(KernelConfig::release).ifPresent(v -> f.evidence("kernelRelease", v));
        config.flatMap(KernelConfig::arch).ifPresent(a -> f.evidence("arch", a.id()));
        f.report();
    }
}
