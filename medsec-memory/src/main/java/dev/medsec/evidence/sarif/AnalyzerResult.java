package dev.medsec.evidence.sarif;

import dev.medsec.core.Severity;

import java.util.List;
import java.util.Objects;

/**
 * One result of another static or dynamic analyzer, as imported from SARIF or cppcheck XML.
 *
 * @param tool        the analyzer ("Flawfinder", "cppcheck", "CodeQL", "Semgrep", "clang-tidy")
 * @param rule        the analyzer's rule id
 * @param ruleName    the rule's readable name, "" when absent
 * @param message     the analyzer's message
 * @param severity    mapped from the analyzer's level
 * @param level       the analyzer's own level ("error", "warning", "style")
 * @param cwe         CWE numbers the analyzer gave, empty when none
 * @param file        source file as the analyzer named it (relative to its source root), "" when none
 * @param line        1-based line, 0 when none
 */
public record AnalyzerResult(String tool, String rule, String ruleName, String message, Severity severity,
                             String level, List<Integer> cwe, String file, int line) {
    public AnalyzerResult {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(file, "file");
        cwe = List.copyOf(cwe);
    }
}
