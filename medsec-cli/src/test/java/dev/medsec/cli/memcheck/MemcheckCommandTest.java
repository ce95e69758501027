package dev.medsec.cli.memcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.ExitCodes;
import dev.medsec.cli.Medsec;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code medsec memcheck} end to end: real programs built by gcc -g, run under the real Valgrind. */
class MemcheckCommandTest {
    @TempDir
    static Path dir;
    static Path uaf;
    static Path clean;

    @BeforeAll
    static void programs() throws Exception {
        Tools.require("gcc");
        Tools.require("valgrind");
        Files.writeString(dir.resolve("uaf.c"), """
                #include <stdio.h>
                #include <stdlib.h>
                int main(int argc, char **argv) {
                    char *p = malloc(16);
                    p[2] = (char) argc;
                    free(p);
                    printf("%d\\n", p[2]);
                    return 0;
                }
                """);
        Files.writeString(dir.resolve("clean.c"), """
                #include <stdlib.h>
                static char *keep;
                int main(int argc, char **argv) {
                    keep = malloc(64);
                    keep[0] = 0;
                    return argc > 2 ? 3 : 0;
                }
                """);
        Tools.run(dir, "gcc", "-g", "-O0", "-o", "uaf", "uaf.c");
        Tools.run(dir, "gcc", "-g", "-O0", "-o", "clean", "clean.c");
        uaf = dir.resolve("uaf");
        clean = dir.resolve("clean");
    }

    private static int run(String... args) {
        return Medsec.commandLine().execute(args);
    }

    private static JsonNode json(Path file) throws Exception {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void memcheck_useAfterFree_findingAndGateFails() throws Exception {
        Path report = dir.resolve("uaf.json");
        int code = run("memcheck", "-q", "--json", report.toString(), "--fail-on", "high", "--", uaf.toString());
        assertThat(code).isEqualTo(ExitCodes.FAILED);
        JsonNode r = json(report);
        assertThat(r.path("schemaVersion").asInt()).isEqualTo(1);
        List<String> checks = new ArrayList<>();
        r.path("findings").forEach(f -> checks.add(f.path("check").asText()));
        assertThat(checks).containsExactly("memory.use-after-free");
        JsonNode f = r.path("findings").get(0);
        assertThat(f.path("principle").asInt()).isEqualTo(5);
        assertThat(f.path("cwe").get(0).asInt()).isEqualTo(416);
        assertThat(f.path("path").asText()).isEqualTo(uaf.toString());
        assertThat(f.path("evidence").path("location").asText()).isEqualTo("uaf.c:7");
        assertThat(r.path("memcheck").path("runs").get(0).path("exitCode").asInt()).isZero();
    }

    @Test
    void memcheck_cleanProgram_infoOnlyGatePassesExitStatusKept() throws Exception {
        Path report = dir.resolve("clean.json");
        int code = run("memcheck", "-q", "--json", report.toString(), "--fail-on", "low", "--",
                clean.toString(), "a", "b");
        assertThat(code).isEqualTo(ExitCodes.OK);
        JsonNode r = json(report);
        assertThat(r.path("findings")).allSatisfy(f -> assertThat(f.path("severity").asText()).isEqualTo("info"));
        assertThat(r.path("findings")).hasSize(1);
        assertThat(r.path("memcheck").path("runs").get(0).path("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void memcheck_sameDefectInSeveralRuns_oneFindingWithOccurrencesAdded() throws Exception {
        Path commands = dir.resolve("suite.txt");
        Files.writeString(commands, "# the test suite\n" + uaf + " one\n\n" + uaf + " 'two words'\n");
        Path report = dir.resolve("suite.json");
        int code = run("memcheck", "-q", "--json", report.toString(), "--commands", commands.toString(),
                "--each", uaf + " three", "--each", clean.toString());
        assertThat(code).isEqualTo(ExitCodes.OK);
        JsonNode r = json(report);
        assertThat(r.path("memcheck").path("runs")).hasSize(4);
        List<JsonNode> uafFindings = new ArrayList<>();
        r.path("findings").forEach(f -> {
            if (f.path("check").asText().equals("memory.use-after-free")) {
                uafFindings.add(f);
            }
        });
        assertThat(uafFindings).singleElement()
                .satisfies(f -> assertThat(f.path("evidence").path("occurrences").asLong()).isEqualTo(3));
    }

    @Test
    void memcheck_valgrindMissing_usageExit() {
        assertThat(run("memcheck", "-q", "--valgrind", dir.resolve("nope").toString(), "--", clean.toString()))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void memcheck_nothingToRun_usageExit() {
        assertThat(run("memcheck", "-q")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void memcheck_programMissing_errorInReportAndUsageExit() throws Exception {
        Path report = dir.resolve("missing.json");
        assertThat(run("memcheck", "-q", "--json", report.toString(), "--", dir.resolve("absent").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(json(report).path("errors").get(0).path("message").asText()).contains("absent");
    }
}
