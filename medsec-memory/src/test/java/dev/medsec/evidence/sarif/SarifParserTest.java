package dev.medsec.evidence.sarif;

import dev.medsec.core.Severity;
import dev.medsec.memory.EvidenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SarifParserTest {
    private static List<AnalyzerResult> parse(String json) throws EvidenceException {
        return SarifParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parse_realFlawfinder_toolRuleCweAndLine(@TempDir Path dir) throws Exception {
        List<AnalyzerResult> rs = SarifParser.parse(AnalyzerFixture.flawfinderSarif(dir));
        assertThat(rs).anySatisfy(r -> {
            assertThat(r.tool()).isEqualTo("Flawfinder");
            assertThat(r.ruleName()).isEqualTo("buffer/strcpy");
            assertThat(r.cwe()).contains(120);
            assertThat(r.file()).isEqualTo("src/parse.c");
            assertThat(r.line()).isEqualTo(4);
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
        });
        assertThat(rs).allSatisfy(r -> assertThat(r.rule()).startsWith("FF"));
    }

    /** CodeQL puts CWEs in rule tags "external/cwe/cwe-NNN" and refers to rules by index. */
    @Test
    void parse_codeqlShape_cweFromTagsRuleByIndex() throws Exception {
        String codeql = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","rules":[
                  {"id":"cpp/unbounded-write","properties":{"tags":["security","external/cwe/cwe-120",
                   "external/cwe/cwe-787"]}}]}},
                 "results":[{"ruleIndex":0,"message":{"text":"This 'call to strcpy' with input from argv may overflow"},
                   "locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///build/src/cli.c"},
                   "region":{"startLine":17}}}]}]}]}
                """;
        assertThat(parse(codeql)).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("cpp/unbounded-write");
            assertThat(r.cwe()).containsExactly(120, 787);
            assertThat(r.file()).isEqualTo("/build/src/cli.c");
            assertThat(r.severity()).isEqualTo(Severity.MEDIUM); // SARIF's default level is warning
        });
    }

    /** Semgrep writes "CWE-78: Improper Neutralization..." tags and levels on the rule. */
    @Test
    void parse_semgrepShape_cweFromLongTagLevelFromRule() throws Exception {
        String semgrep = """
                {"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":
                 {"name":"Semgrep OSS","rules":[{"id":"c.lang.security.system","defaultConfiguration":{"level":"error"},
                  "properties":{"tags":["CWE-78: Improper Neutralization of Special Elements used in an OS Command"]}}]}},
                 "results":[{"ruleId":"c.lang.security.system","message":{"text":"system() with input"},
                  "locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/run.c"},"region":{"startLine":3}}}]}]}]}
                """;
        assertThat(parse(semgrep)).singleElement().satisfies(r -> {
            assertThat(r.cwe()).containsExactly(78);
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
        });
    }

    /** GCC -fanalyzer and others give CWEs as result taxa of the CWE taxonomy. */
    @Test
    void parse_taxaShape_cweFromTaxa() throws Exception {
        String gcc = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"GNU C17"}},
                 "results":[{"ruleId":"-Wanalyzer-double-free","level":"warning","taxa":[{"id":"415",
                  "toolComponent":{"name":"cwe"}}],"message":{"text":"double-'free' of 'p'"}}]}]}
                """;
        assertThat(parse(gcc)).singleElement().satisfies(r -> {
            assertThat(r.cwe()).containsExactly(415);
            assertThat(r.file()).isEmpty();
        });
    }

    @Test
    void parse_clangTidyWithoutCwe_emptyCweList() throws Exception {
        String tidy = """
                {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"clang-tidy"}},"results":[{"ruleId":
                 "bugprone-sizeof-expression","level":"note","message":{"text":"suspicious sizeof"}}]}]}
                """;
        assertThat(parse(tidy)).singleElement().satisfies(r -> {
            assertThat(r.cwe()).isEmpty();
            assertThat(r.severity()).isEqualTo(Severity.LOW);
        });
    }

    @Test
    void parse_notJson_refused() {
        assertThatThrownBy(() -> parse("<xml/>")).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_jsonWithoutRuns_refused() {
        assertThatThrownBy(() -> parse("{\"version\":\"2.1.0\"}")).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("runs");
    }

    @Test
    void parse_sarifVersion1_refused() {
        assertThatThrownBy(() -> parse("{\"version\":\"1.0.0\",\"runs\":[]}")).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("version");
    }

    @Test
    void parse_deepNesting_refused() {
        String deep = "{\"runs\":[" + "[".repeat(500) + "]".repeat(500) + "]}";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_wrongTypes_toleratedAsMissing() throws Exception {
        String odd = "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":7,\"results\":[{\"ruleId\":[1],\"ruleIndex\":99,"
                + "\"locations\":\"x\",\"message\":{}}]}]}";
        assertThat(parse(odd)).singleElement().satisfies(r -> {
            assertThat(r.tool()).isEqualTo("unknown");
            assertThat(r.line()).isZero();
        });
    }
}
