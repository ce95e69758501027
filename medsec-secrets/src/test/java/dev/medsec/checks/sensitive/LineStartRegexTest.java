package dev.medsec.checks.sensitive;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class LineStartRegexTest {
    @Test
    void analyse_multilineCaretWithoutTopLevelAlternative() {
        assertThat(LineStartRegex.analyse(Pattern.compile("(?im)^[ \\t]*psk=(?:\"(?<value>[^\"]+)\"|(?<value2>\\S+))"))).isTrue();
        assertThat(LineStartRegex.analyse(Pattern.compile("^key=(a|b)", Pattern.MULTILINE))).isTrue();
        assertThat(LineStartRegex.analyse(Pattern.compile("(?m)^x[|]y\\|z\\Q|\\E"))).isTrue();
        assertThat(LineStartRegex.analyse(Pattern.compile("(?m)^x[]|]"))).isTrue();
    }

    @Test
    void analyse_anythingElse_isNotLineStartOnly() {
        assertThat(LineStartRegex.analyse(Pattern.compile("(?im)^a|b"))).isFalse();
        assertThat(LineStartRegex.analyse(Pattern.compile("(?i)^a"))).isFalse();
        assertThat(LineStartRegex.analyse(Pattern.compile("^a"))).isFalse();
        assertThat(LineStartRegex.analyse(Pattern.compile("(?m)x^"))).isFalse();
        assertThat(LineStartRegex.analyse(Pattern.compile("\\b(?<value>AKIA[A-Z2-7]{16})\\b"))).isFalse();
        assertThat(LineStartRegex.analyse(Pattern.compile("(?m)^x[|]y|z"))).isFalse();
        assertThat(LineStartRegex.analyse(Pattern.compile("(?-m)^a"))).isFalse();
    }

    @Test
    void isSingleLine_anyLineTerminatorForCaret() {
        assertThat(LineStartRegex.isSingleLine("password=Xy7!kq2ZmP")).isTrue();
        assertThat(LineStartRegex.isSingleLine("a\rpassword=x")).isFalse();
        assertThat(LineStartRegex.isSingleLine("a\u0085password=x")).isFalse();
        assertThat(LineStartRegex.isSingleLine("a\u2028b")).isFalse();
    }

    /** The one-attempt path gives exactly what the search of every position gave, rule by rule. */
    @Test
    void confirm_builtInRules_sameAsSearchingEveryPosition() {
        List<String> lines = List.of("password=Xy7!kq2ZmP", "  export DB_PASSWORD=\"s3cr3t-Pa55\"",
                "- api_token: 9f8e7d6c5b4a39281706f5e4d3c2b1a0", "# password=Xy7!kq2ZmP", "x password=Xy7!kq2ZmP",
                "Description: the password for the admin account", "psk=\"correct horse battery\"",
                "wpa_passphrase=Tr0ub4dor&3x", "{ \"secret\": \"Qm9vb2sgb2YgU2VjcmV0cw==\" }",
                "old\rpassword=Xy7!kq2ZmP", "passwd: files systemd", "auth_key = changeme",
                "url=https://user:Pa55w0rd!@example.com/x", "");
        int lineStartRules = 0;
        int found = 0;
        for (SecretRule rule : SecretRuleTable.builtIn()) {
            if (LineStartRegex.isLineStartOnly(rule.confirm())) {
                lineStartRules++;
            }
            for (String line : lines) {
                for (int hit = 0; hit <= line.length(); hit++) {
                    Optional<SecretTokenCheck.Match> fast = SecretTokenCheck.confirm(rule, line, hit);
                    assertThat(fast).as(rule.id() + " on " + line + " at " + hit)
                            .isEqualTo(searchEveryPosition(rule, line, hit));
                    found += fast.isPresent() ? 1 : 0;
                }
            }
        }
        // the generic assignment and Wi-Fi rules take the one-attempt path, and the lines hold real secrets
        assertThat(lineStartRules).isGreaterThanOrEqualTo(3);
        assertThat(found).isGreaterThan(20);
    }

    /** The search as it was before the one-attempt path: every match of the line, left to right. */
    private static Optional<SecretTokenCheck.Match> searchEveryPosition(SecretRule rule, String line, int hit) {
        Matcher m = rule.confirm().matcher(line);
        while (m.find()) {
            Optional<SecretTokenCheck.Match> accepted = SecretTokenCheck.accept(rule, m, hit);
            if (accepted.isPresent()) {
                return accepted;
            }
        }
        return Optional.empty();
    }
}
