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
    void inspect_compressedManPageLayer_genericRulesIgnored() throws java.io.IOException {
        java.nio.file.Path page = tmp.resolve("sources.list.5");
        java.nio.file.Files.writeString(page, "password = Tr0ub4dor&3x\n");
        CheckTester.of(new SecretTokenCheck(), tmp)
                .artifact(dev.medsec.core.image.Artifact.ofFile("/usr/share/man/nl/man5/sources.list.5.gz", "/sources.list.5",
                        dev.medsec.core.image.FileMeta.of(dev.medsec.core.image.EntryKind.FILE, 0644, 0, 0), page))
                .run();
    }

    @Test
    void ruleTable_malformedRows_rejectedWithLineNumber() {
        String ok = "a-rule\tHIGH\tany\texact\tABC\t1.0\tnone\t(?<value>ABC\\d+)\tdescription\n";
        org.assertj.core.api.Assertions.assertThatCode(() -> parse(ok)).doesNotThrowAnyException();
        for (String bad : new String[] {ok.replace("(?<value>", "("), ok.replace("HIGH", "SEVERE"), ok.replace("\tany", "\teverywhere"),
                ok.replace("ABC\t", "\t"), ok + ok, ok.replace("\tnone", "\tsometimes"), ok.replace("\\d+)", "\\d+")}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse(bad)).hasMessageContaining("secret-rules.tsv:");
        }
    }

    private static List<SecretRule> parse(String table) throws IOException {
        return SecretRuleTable.parse(new java.io.BufferedReader(new java.io.StringReader(table)));
    }

    @Test
    void passwordShaped_wordsAndIdentifiers_rejected() {
        assertThat(SecretTokenCheck.passwordShaped("files")).isFalse();
        assertThat(SecretTokenCheck.passwordShaped("no-debconf-config")).isFalse();
        assertThat(SecretTokenCheck.passwordShaped("hunter2")).isTrue();
        assertThat(SecretTokenCheck.passwordShaped("correcthorsebatterystaple9")).isTrue();
    }

    @Test
    void inspect_documentationTree_genericRulesIgnored() {
        CheckTester.of(new SecretTokenCheck(), tmp)
                .text("/usr/share/doc/app/README", "password = Tr0ub4dor&3x\n")
                .run();
    }

    @Test
    void inspect_aptPackageIndex_genericRulesIgnoredButTheSameLineElsewhereReported() {
        String line = "Homepage: https://builder:Xy7#kP2qLm@example.org/pkg\n";
        CheckTester.of(new SecretTokenCheck(), tmp)
                .text("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages",
                        "Package: a\n" + line)
                .text("/etc/app/update.conf", line)
                .expect("/etc/app/update.conf", f -> f.evidence().get("rule").equals("url-credentials"))
                .run();
    }
}
