package dev.medsec.checks.sensitive;

import dev.medsec.core.Severity;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of the secret rule table ({@code secret-rules.tsv}).
 *
 * @param anchors    literals the shared automaton looks for; a hit only triggers the confirming regex
 * @param textOnly   the rule runs on text, script, JSON and XML files only (generic assignments); otherwise on
 *                   every file, binaries included (distinctive token shapes)
 * @param confirm    regex run over the hit's line; its group "value" (or "value2") is the secret
 * @param minEntropy bits per character the value must reach to count
 */
public record SecretRule(String id, Severity severity, boolean textOnly, boolean ignoreCase, List<String> anchors,
                         double minEntropy, Pattern confirm, String description) {
    public SecretRule {
        anchors = List.copyOf(anchors);
    }
}
