package dev.medsec.evidence.checks;

import dev.medsec.core.Finding;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.evidence.afl.AflFixture;
import dev.medsec.evidence.sarif.AnalyzerFixture;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import org.assertj.core.api.InstanceOfAssertFactories;

class EvidenceChecksTest {
    @TempDir
    static Path dir;
    static Path afl;
    static Path flawfinder;
    static Path cppcheck;

    @BeforeAll
    static void evidence() throws Exception {
        afl = AflFixture.run(Files.createDirectories(dir.resolve("afl")), 4);
        flawfinder = AnalyzerFixture.flawfinderSarif(Files.createDirectories(dir.resolve("ff")));
        cppcheck = AnalyzerFixture.cppcheckXml(Files.createDirectories(dir.resolve("cc")));
    }

    static ScanSettings evidence(Path... files) {
        return new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(), List.of(), List.of(files),
                Optional.empty(), Map.of());
    }

    @Test
    void fuzzCrash_aflOutput_oneFindingPerCrashWithSha256AndSection() throws Exception {
        long crashes;
        try (var s = Files.list(afl.resolve("default/crashes"))) {
            crashes = s.filter(p -> p.getFileName().toString().startsWith("id:")).count();
        }
        CheckTester t = CheckTester.of(new FuzzCrash(), dir).settings(evidence(afl))
                .file("/usr/bin/harness", dir.resolve("afl/harness"));
        for (int i = 0; i < crashes; i++) {
            t.expect("/usr/bin/harness", f -> String.valueOf(f.evidence().get("sha256")).matches("[0-9a-f]{64}"));
        }
        CheckTester.Result r = t.run();
        assertThat(crashes).isPositive();
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) r.sections().get("fuzzing");
        assertThat(section).containsEntry("uniqueCrashes", crashes).containsEntry("principle", 4);
        assertThat((List<?>) section.get("campaigns")).singleElement().satisfies(c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) c;
            assertThat((Long) m.get("execs")).isPositive();
            assertThat(m).containsKeys("runTimeSeconds", "corpusSize", "stabilityPercent", "uniqueHangs");
            assertThat(m.get("target")).isEqualTo("/usr/bin/harness");
        });
    }

    @Test
    void fuzzCrash_noEvidence_nothingAndNoSection() {
        assertThat(CheckTester.of(new FuzzCrash(), dir).run().sections()).isEmpty();
    }

    @Test
    void fuzzHang_aflOutput_oneFindingPerHang() throws Exception {
        long hangs;
        try (var s = Files.list(afl.resolve("default/hangs"))) {
            hangs = s.filter(p -> p.getFileName().toString().startsWith("id:")).count();
        }
        CheckTester t = CheckTester.of(new FuzzHang(), dir).settings(evidence(afl));
        for (int i = 0; i < hangs; i++) {
            t.expect("/harness",
                    f -> f.evidence().containsKey("sha256"));
        }
        t.run();
    }

    @Test
    void inputAnalyzerFinding_flawfinderStrcpy_principle4WithToolAndRule() {
        CheckTester.Result r = CheckTester.of(new InputAnalyzerFinding(), dir).settings(evidence(flawfinder))
                .runUnchecked();
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.path()).isEqualTo("/src/parse.c");
            assertThat(f.evidence()).containsEntry("tool", "Flawfinder").containsEntry("line", 4)
                    .containsEntry("ruleName", "buffer/strcpy");
            assertThat(f.evidence().get("cwe")).asInstanceOf(InstanceOfAssertFactories.LIST).contains(120);
            assertThat(f.principle().number()).isEqualTo(4);
        });
    }

    @Test
    void memoryAnalyzerFinding_cppcheckDoubleFree_principle5() {
        CheckTester.of(new MemoryAnalyzerFinding(), dir).settings(evidence(cppcheck))
                .expect("/src/parse.c", f -> "doubleFree".equals(f.evidence().get("rule"))
                        && Integer.valueOf(10).equals(f.evidence().get("line")))
                .expect("/src/parse.c", f -> "arrayIndexOutOfBounds".equals(f.evidence().get("rule")))
                .run();
    }

    @Test
    void cryptoAnalyzerFinding_memoryAndInputEvidence_nothing() {
        CheckTester.of(new CryptoAnalyzerFinding(), dir).settings(evidence(cppcheck, flawfinder)).run();
    }

    @Test
    void analyzerChecks_eachResultInExactlyOnePrinciple() {
        int total = 0;
        for (var c : EvidenceChecks.all()) {
            if (c instanceof AnalyzerFindingCheck) {
                List<Finding> fs = CheckTester.of(c, dir).settings(evidence(cppcheck, flawfinder)).runUnchecked()
                        .findings();
                fs.forEach(f -> assertThat(f.principle()).isEqualTo(CheckMetadata.of(c).principle()));
                total += fs.size();
            }
        }
        int results;
        try {
            results = dev.medsec.evidence.sarif.SarifParser.parse(flawfinder).size()
                    + dev.medsec.evidence.sarif.CppcheckXmlParser.parse(cppcheck).size();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(total).isEqualTo(results);
    }
}
