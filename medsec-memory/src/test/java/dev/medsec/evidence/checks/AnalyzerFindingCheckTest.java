package dev.medsec.evidence.checks;

import dev.medsec.core.Finding;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding ids of imported results: stable across code moves when the analyzer gives a fingerprint. */
class AnalyzerFindingCheckTest {
    private static final String SARIF = """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL","rules":[{"id":"cpp/double-free",
             "properties":{"tags":["external/cwe/cwe-415"]}}]}},"results":[{"ruleId":"cpp/double-free",
             "message":{"text":"p freed twice"},%s
             "locations":[{"physicalLocation":{"artifactLocation":{"uri":"src/a.c"},"region":{"startLine":%d}}}]}]}]}
            """;

    private static Finding only(Path dir, String name, String fingerprints, int line) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, String.format(SARIF, fingerprints, line));
        ScanSettings s = new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(), List.of(), List.of(f),
                Optional.empty(), Map.of());
        List<Finding> fs = CheckTester.of(new MemoryAnalyzerFinding(), dir).settings(s)
                .expect("/src/a.c", x -> x.evidence().get("line").equals(line)).run().findings();
        return fs.get(0);
    }

    @Test
    void inspect_codeMovedWithFingerprint_sameId(@TempDir Path dir) throws Exception {
        String fp = "\"partialFingerprints\":{\"primaryLocationLineHash\":\"5c3b1f2a:1\"},";
        Finding before = only(dir, "before.sarif", fp, 10);
        Finding after = only(dir, "after.sarif", fp, 14);
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.evidence()).containsEntry("analyzerFingerprint", "primaryLocationLineHash=5c3b1f2a:1");
        assertThat(after.cwe()).as("the analyzer's own CWE").containsExactly(415);
    }

    @Test
    void inspect_codeMovedWithoutFingerprint_newId(@TempDir Path dir) throws Exception {
        assertThat(only(dir, "b.sarif", "", 10).id()).isNotEqualTo(only(dir, "a.sarif", "", 14).id());
    }

    @Test
    void inspect_otherPrinciple_nothing(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.sarif");
        Files.writeString(f, String.format(SARIF, "", 3));
        ScanSettings s = new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(), List.of(), List.of(f),
                Optional.empty(), Map.of());
        CheckTester.of(new InputAnalyzerFinding(), dir).settings(s).run();
    }
}
