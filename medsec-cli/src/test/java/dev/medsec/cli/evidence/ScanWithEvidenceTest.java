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

import static org.assertj.core.api.Assertions.assertThat;

/** {@code medsec scan ROOTFS --evidence ...}: memcheck evidence from CI lands at the program inside the image. */
class ScanWithEvidenceTest {
    @Test
    void scan_valgrindEvidence_findingAtImagePathOfTheProgram(@TempDir Path dir) throws Exception {
        Tools.require("gcc");
        Tools.require("valgrind");
        Files.writeString(dir.resolve("infusiond.c"), """
                #include <stdlib.h>
                #include <string.h>
                int main(void) {
                    char *rate = malloc(8);
                    strcpy(rate, "1.5");
                    free(rate);
                    free(rate);
                    return 0;
                }
                """);
        Path build = Files.createDirectories(dir.resolve("build"));
        Tools.run(dir, "gcc", "-g", "-O0", "-o", build.resolve("infusiond").toString(), "infusiond.c");
        Tools.sh(build, "valgrind --tool=memcheck --xml=yes --xml-file=../ci-memcheck.xml --leak-check=full"
                + " ./infusiond > /dev/null 2>&1");
        Path rootfs = Files.createDirectories(dir.resolve("rootfs/usr/sbin"));
        Files.copy(build.resolve("infusiond"), rootfs.resolve("infusiond"));
        Path report = dir.resolve("report.json");
        int code = Medsec.commandLine().execute("scan", dir.resolve("rootfs").toString(), "-q",
                "--json", report.toString(), "--evidence", dir.resolve("ci-memcheck.xml").toString());
        assertThat(code).isEqualTo(ExitCodes.OK);
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertThat(r.path("findings")).anySatisfy(f -> {
            assertThat(f.path("check").asText()).isEqualTo("memory.double-free");
            assertThat(f.path("path").asText()).isEqualTo("/usr/sbin/infusiond");
            assertThat(f.path("evidence").path("location").asText()).isEqualTo("infusiond.c:7");
        });
    }
}
