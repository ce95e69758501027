package dev.medsec.checks.sensitive;

import dev.medsec.core.Finding;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTokenCheckTest {
    @TempDir
    Path tmp;

    record Case(String rule, boolean hit, String path, String content) {
        @Override
        public String toString() {
            return rule + (hit ? " finds " : " ignores ") + content.lines().reduce((a, b) -> b).orElse("");
        }
    }

    static List<Case> cases() throws IOException {
        try (InputStream in = SecretTokenCheckTest.class.getResourceAsStream("secret-rule-cases.tsv")) {
            List<Case> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 4);
                out.add(new Case(f[0], f[1].equals("hit"), f[2], f[3].replace("\\n", "\n").replace("\\t", "\t")));
            }
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inspect_ruleCase_findsOnlyRealSecrets(Case c) {
        CheckTester t = CheckTester.of(new SecretTokenCheck(), tmp).text(c.path(), c.content());
        if (c.hit()) {
            t.expect(c.path(), f -> f.evidence().get("rule").equals(c.rule()), "rule " + c.rule());
        }
        CheckTester.Result r = t.run();
        for (Finding f : r.findings()) {
            String redacted = f.evidence().get("redacted").toString();
            assertThat(redacted).contains("chars)");
            String middle = redacted.length() > 8 ? redacted.substring(2, redacted.indexOf('…') < 0 ? 2 : redacted.indexOf('…')) : "";
            assertThat(middle).isEmpty();
        }
    }

    @Test
    void ruleTable_everyRule_hasPositiveAndNegativeCase() throws IOException {
        List<Case> cases = cases();
        Set<String> withHit = cases.stream().filter(Case::hit).map(Case::rule).collect(Collectors.toSet());
        Set<String> withMiss = cases.stream().filter(c -> !c.hit()).map(Case::rule).collect(Collectors.toSet());
        Set<String> ids = SecretRuleTable.builtIn().stream().map(SecretRule::id).collect(Collectors.toSet());
        assertThat(withHit).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(withMiss).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void inspect_tokenInsideBinary_reportedWithOffsetAndRedacted() {
        byte[] bin = new byte[4096];
        byte[] token = "ghp_PvJ5QNNtxyHysiRFdlBMVzgCpZf5MQ34CCY1".getBytes(StandardCharsets.US_ASCII);
        bin[0] = 0x7f;
        System.arraycopy(token, 0, bin, 1000, token.length);
        CheckTester.Result r = CheckTester.of(new SecretTokenCheck(), tmp)
                .file("/usr/lib/libcloud.so", bin)
                .expect("/usr/lib/libcloud.so", f -> f.evidence().get("offset").equals(1000L)
                        && f.evidence().get("redacted").equals("gh…Y1 (40 chars)"))
                .run();
        assertThat(r.findings().toString()).doesNotContain("PvJ5QNNtxy");
    }

    @Test
    void inspect_genericAssignmentInsideBinary_ignored() {
        byte[] bin = ("\u007fELF\0\0password=Tr0ub4dor&3x\0").getBytes(StandardCharsets.ISO_8859_1);
        CheckTester.of(new SecretTokenCheck(), tmp).file("/usr/bin/tool", bin).run();
    }

    @Test
    void inspect_documentationTree_genericRulesIgnored() {
        CheckTester.of(new SecretTokenCheck(), tmp)
                .text("/usr/share/doc/app/README", "password = Tr0ub4dor&3x\n")
                .run();
    }
}
