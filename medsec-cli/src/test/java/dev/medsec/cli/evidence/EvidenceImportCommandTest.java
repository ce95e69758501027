package dev.medsec.cli.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.ExitCodes;
import dev.medsec.cli.Medsec;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceImportCommandTest {
    @Test
    void import_asanLogAndFlawfinderSarif_findingsOfBothPrinciples(@TempDir Path dir) throws Exception {
        Tools.require("gcc");
        Tools.require("flawfinder");
        Files.writeString(dir.resolve("df.c"), """
                #include <stdlib.h>
                #include <string.h>
                int main(int argc, char **argv) {
                    char *p = malloc(16);
                    char buf[8];
                    strcpy(buf, argc > 5 ? argv[5] : "x");
                    free(p);
                    free(p);
                    return buf[0];
                }
                """);
        Tools.sh(dir, "gcc -g -O0 -fsanitize=address -o df df.c && (./df > asan.log 2>&1 || true)");
        Tools.sh(dir, "flawfinder --sarif df.c > ff.sarif");
        Path report = dir.resolve("r.json");
        int code = Medsec.commandLine().execute("evidence", "import", "-q", "--json", report.toString(),
                "--fail-on", "high", dir.resolve("asan.log").toString(), dir.resolve("ff.sarif").toString());
        assertThat(code).isEqualTo(ExitCodes.FAILED);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        List<String> checks = new ArrayList<>();
        r.path("findings").forEach(f -> checks.add(f.path("check").asText()));
        assertThat(checks).contains("memory.double-free", "input.analyzer-finding");
        assertThat(r.path("errors")).isEmpty();
    }

    @Test
    void import_unrecognisedFile_errorInReportGatePasses(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("notes.txt");
        Files.writeString(junk, "nothing to see\n");
        Path report = dir.resolve("r.json");
        int code = Medsec.commandLine().execute("evidence", "import", "-q", "--json", report.toString(),
                junk.toString());
        assertThat(code).isEqualTo(ExitCodes.OK);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.path("errors").get(0).path("message").asText()).contains("not a recognised evidence format");
    }

    @Test
    void import_missingFile_usageExit(@TempDir Path dir) {
        assertThat(Medsec.commandLine().execute("evidence", "import", "-q", dir.resolve("nope").toString()))
                .isEqualTo(ExitCodes.USAGE);
    }
}
