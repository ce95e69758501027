package dev.medsec.evidence.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;
import dev.medsec.evidence.EvidenceLoader;
import dev.medsec.evidence.EvidencePaths;
import dev.medsec.evidence.EvidenceSet;
import dev.medsec.evidence.sarif.AnalyzerResult;
import dev.medsec.evidence.sarif.CweMapping;

/**
 * Base of the checks that import other analyzers' results (SARIF, cppcheck XML). There is one per principle,
 * because a check's findings all serve the check's principle: each reports the results whose CWE the
 * {@link CweMapping} table assigns to its principle, keeping the analyzer's tool, rule, level and CWE.
 */
public abstract class AnalyzerFindingCheck implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        Principle mine = CheckMetadata.of(getClass()).principle();
        CweMapping mapping = CweMapping.builtIn();
        for (EvidenceSet.Sourced<AnalyzerResult> s : EvidenceLoader.of(image).analyzers()) {
            AnalyzerResult r = s.item();
            if (mapping.principleOf(r.cwe()) != mine) {
                continue;
            }
            String path = EvidencePaths.forSource(r.file(), s.evidence());
            FindingBuilder b = out.at(path)
                    .message(r.tool() + " " + r.rule() + (r.line() > 0 ? " at line " + r.line() : "") + ": "
                            + r.message())
                    .key(key(r))
                    .severity(r.severity())
                    .evidence("tool", r.tool())
                    .evidence("rule", r.rule())
                    .evidence("level", r.level())
                    .evidence("cwe", r.cwe())
                    .evidence("evidence", s.evidence());
            if (!r.ruleName().isEmpty() && !r.ruleName().equals(r.rule())) {
                b.evidence("ruleName", r.ruleName());
            }
            if (r.line() > 0) {
                b.evidence("line", r.line());
            }
            if (!r.cwe().isEmpty() && r.cwe().stream().allMatch(c -> c != null && c > 0)) {
                b.cwe(r.cwe());   // the analyzer's own weakness, not this import check's representative CWE
            }
            if (!r.fingerprint().isEmpty()) {
                b.evidence("analyzerFingerprint", r.fingerprint());
            }
            if (r.cwe().stream().noneMatch(mapping::knows)) {
                b.evidence("principleReason", r.cwe().isEmpty() ? "no CWE given: default principle"
                        : "CWE not in the mapping table: default principle");
            }
            b.report();
        }
    }

    /**
     * The analyzer's own fingerprint when it gives one (it survives code moving up and down); otherwise the line
     * and message, since two hits of one rule in one file are two findings.
     */
    static String key(AnalyzerResult r) {
        String tool = r.tool().replaceAll("\\s+\\S*\\d[\\d.]*$", "");
        if (!r.fingerprint().isEmpty()) {
            return tool + "|" + r.rule() + "|" + r.fingerprint();
        }
        return tool + "|" + r.rule() + "|" + r.line() + "|" + r.message().hashCode();
    }
}
