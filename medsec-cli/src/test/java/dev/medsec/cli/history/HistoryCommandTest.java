package dev.medsec.cli.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** scan --history, medsec history and medsec diff NAME@A NAME@B on a SQLite store (the server is ScanHistoryTest's). */
class HistoryCommandTest {
    @TempDir
    Path tmp;

    private Path release(String name, String passwd) throws Exception {
        Path root = tmp.resolve(name);
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), passwd);
        return root;
    }

    @Test
    void scanHistory_listAndDiffRecordedReleases() throws Exception {
        String store = tmp.resolve("history.db").toString();
        Path v1 = release("v1", "root:x:0:0:root:/root:/bin/sh\n");
        Path v2 = release("v2", "root::0:0:root:/root:/bin/sh\n");
        CliRun a = CliRun.of("scan", v1.toString(), "--db", "none", "--fail-on", "none", "--history", "pump-fw@1.2",
                "--history-db", store);
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(a.out()).contains("Recorded as pump-fw@1.2 in the scan history");
        CliRun b = CliRun.of("scan", v2.toString(), "--db", "none", "--fail-on", "high", "--history", "pump-fw@1.3",
                "--history-db", store, "-q");
        assertThat(b.exit()).isEqualTo(1);
        Path json = tmp.resolve("h.json");
        CliRun h = CliRun.of("history", "pump-fw", "--history-db", store, "--json", json.toString());
        assertThat(h.exit()).as(h.err()).isZero();
        assertThat(h.out()).contains("pump-fw@1.2").contains("pump-fw@1.3").contains("FAIL");
        JsonNode list = new ObjectMapper().readTree(json.toFile());
        assertThat(list.path("releases")).hasSize(2);
        assertThat(list.path("releases").get(1).path("byPrinciple").path("6").path("critical").asInt()).isEqualTo(1);
        Path diff = tmp.resolve("d.json");
        CliRun d = CliRun.of("diff", "pump-fw@1.2", "pump-fw@1.3", "--history-db", store, "--json", diff.toString(),
                "--fail-on-new", "critical");
        assertThat(d.exit()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(diff.toFile()).path("newFindings").toString()).contains("sensitive.empty-password");
        assertThat(CliRun.of("history", "monitor", "--history-db", store).exit()).isEqualTo(1);
    }

    @Test
    void badHistoryInput_exit2BeforeTheScan() throws Exception {
        Path v1 = release("v1", "root:x:0:0:root:/root:/bin/sh\n");
        String store = tmp.resolve("history.db").toString();
        assertThat(CliRun.of("scan", v1.toString(), "--db", "none", "--history", "pump-fw", "--history-db", store).err())
                .contains("expected NAME@VERSION");
        assertThat(CliRun.of("scan", v1.toString(), "--db", "none", "--history-db", store).exit()).isEqualTo(2);
        CliRun server = CliRun.of("scan", v1.toString(), "--db", "none", "--history", "p@1", "--history-db",
                "jdbc:postgresql://127.0.0.1:1/history?user=ci&password=s3cret");
        assertThat(server.exit()).isEqualTo(2);
        assertThat(server.err()).contains("cannot open the history store").doesNotContain("s3cret");
        assertThat(server.out()).doesNotContain("findings");
        assertThat(CliRun.of("diff", "pump-fw@1.0", "pump-fw@1.1", "--history-db", store).err())
                .contains("pump-fw@1.0 is not recorded in the scan history");
    }
}
