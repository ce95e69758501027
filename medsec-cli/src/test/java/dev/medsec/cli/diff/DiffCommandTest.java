package dev.medsec.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two releases of one root filesystem, scanned by medsec: release 2 removes a clear-text token, adds a telnet
 * daemon to inittab, keeps an unhardened program under a new name (a move, not fixed plus new) and upgrades a
 * package.
 */
class DiffCommandTest {
    @TempDir
    static Path tmp;
    static Path r1;
    static Path r2;

    @BeforeAll
    static void twoReleases() throws Exception {
        Tools.require("gcc");
        Path src = tmp.resolve("tool.c");
        Files.writeString(src, "#include <stdio.h>\n#include <string.h>\nint main(int c, char **v) { char b[32];"
                + " strcpy(b, c > 1 ? v[1] : \"x\"); puts(b); return 0; }\n");
        for (int release = 1; release <= 2; release++) {
            Path root = Files.createDirectories(tmp.resolve("rel" + release));
            Files.createDirectories(root.resolve("etc/pump"));
            Files.createDirectories(root.resolve("opt/pump/bin"));
            Files.createDirectories(root.resolve("var/lib/dpkg"));
            String bin = release == 1 ? "opt/pump/bin/pumpd" : "opt/pump/bin/pump-daemon";
            Tools.run(tmp, "gcc", "-O1", "-fno-stack-protector", "-no-pie", "-Wl,-z,norelro", "-o",
                    root.resolve(bin).toString(), src.toString());
            Files.writeString(root.resolve("etc/inittab"), release == 1 ? "::sysinit:/etc/init.d/rcS\n"
                    : "::sysinit:/etc/init.d/rcS\n::respawn:/usr/sbin/telnetd -F\n");
            if (release == 1) {
                Files.writeString(root.resolve("etc/pump/cloud.ini"),
                        "[cloud]\napi_token = 3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6d7e8f901\n");
            }
            Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: zlib1g\nStatus: install ok installed\n"
                    + "Architecture: amd64\nVersion: " + (release == 1 ? "1:1.2.13.dfsg-1" : "1:1.3.dfsg-3") + "\n");
        }
        r1 = scan("rel1");
        r2 = scan("rel2");
    }

    private static Path scan(String dir) {
        Path json = tmp.resolve(dir + ".json");
        CliRun r = CliRun.of("scan", tmp.resolve(dir).toString(), "-q", "--db", "none", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        return json;
    }

    private static List<String> checks(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(f -> out.add(f.get("check").asText()));
        return out;
    }

    @Test
    void diff_newFixedMovedAndComponents_inJsonConsoleMarkdownAndSarif() throws Exception {
        Path json = tmp.resolve("diff.json");
        Path md = tmp.resolve("diff.md");
        Path sarif = tmp.resolve("diff.sarif");
        CliRun r = CliRun.of("diff", r1.toString(), r2.toString(), "--json", json.toString(), "--markdown", md.toString(),
                "--sarif", sarif.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode d = new ObjectMapper().readTree(json.toFile());
        assertThat(checks(d.get("newFindings"))).containsExactly("attacksurface.insecure-service");
        assertThat(checks(d.get("fixedFindings"))).containsExactly("sensitive.secret-token");
        // the renamed binary keeps its findings: each is moved, with the old path
        assertThat(d.get("movedFindings")).isNotEmpty().allSatisfy(f -> {
            assertThat(f.get("path").asText()).isEqualTo("/opt/pump/bin/pump-daemon");
            assertThat(f.get("previousPath").asText()).isEqualTo("/opt/pump/bin/pumpd");
        });
        assertThat(checks(d.get("movedFindings"))).contains("hardening.no-stack-canary", "hardening.relro");
        assertThat(d.get("components").get(0).get("change").asText()).isEqualTo("upgraded");
        assertThat(d.get("components").get(0).get("newVersion").asText()).isEqualTo("1:1.3.dfsg-3");
        assertThat(r.out()).contains("Findings: 1 new (1 high), 1 fixed (1 high)")
                .contains("upgraded   zlib1g 1:1.2.13.dfsg-1 -> 1:1.3.dfsg-3");
        assertThat(Files.readString(md)).contains("#### New findings").contains("`attacksurface.insecure-service`");
        JsonNode s = new ObjectMapper().readTree(sarif.toFile());
        List<String> states = new ArrayList<>();
        s.get("runs").get(0).get("results").forEach(x -> states.add(x.get("baselineState").asText()));
        assertThat(states).contains("new", "updated", "absent");
    }

    @Test
    void diff_failOnNew_gatesOnlyOnNewFindings() {
        assertThat(CliRun.of("diff", r1.toString(), r2.toString(), "-q", "--fail-on-new", "high").exit()).isEqualTo(1);
        assertThat(CliRun.of("diff", r1.toString(), r2.toString(), "-q", "--fail-on-new", "critical").exit()).isZero();
        // a report against itself: nothing is new
        assertThat(CliRun.of("diff", r2.toString(), r2.toString(), "-q", "--fail-on-new", "info").exit()).isZero();
    }

    @Test
    void diff_badInput_exit2() throws Exception {
        Path notJson = tmp.resolve("x.json");
        Files.writeString(notJson, "not json");
        Path other = tmp.resolve("y.json");
        Files.writeString(other, "{\"a\": 1}");
        assertThat(CliRun.of("diff", r1.toString(), notJson.toString()).err()).contains("not JSON");
        assertThat(CliRun.of("diff", r1.toString(), other.toString()).exit()).isEqualTo(2);
        assertThat(CliRun.of("diff", r1.toString(), tmp.resolve("absent.json").toString()).err()).contains("no such file");
        assertThat(CliRun.of("diff", r1.toString(), r2.toString(), "--fail-on-new", "severe").exit()).isEqualTo(2);
    }

    /** scan --baseline: the same comparison inside the new report, and --fail-on-new in the scan's gate. */
    @Test
    void scanWithBaseline_sectionAndFailOnNew() throws Exception {
        Path json = tmp.resolve("with-baseline.json");
        CliRun r = CliRun.of("scan", tmp.resolve("rel2").toString(), "--db", "none", "--baseline", r1.toString(),
                "--fail-on-new", "high", "--json", json.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("Since the baseline: 1 new, 1 fixed");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("baseline").get("new").asInt()).isEqualTo(1);
        assertThat(j.get("baseline").get("moved").asInt()).isPositive();
        assertThat(j.get("gate").get("failOnNew").asText()).isEqualTo("high");
        assertThat(j.get("gate").get("passed").asBoolean()).isFalse();
        // nothing new above critical: the gate passes (no --fail-on)
        assertThat(CliRun.of("scan", tmp.resolve("rel2").toString(), "-q", "--db", "none", "--baseline", r1.toString(),
                "--fail-on-new", "critical").exit()).isZero();
        assertThat(CliRun.of("scan", tmp.resolve("rel2").toString(), "-q", "--fail-on-new", "high").exit()).isEqualTo(2);
        assertThat(CliRun.of("scan", tmp.resolve("rel2").toString(), "-q", "--baseline", tmp.resolve("nope.json").toString())
                .err()).contains("no such file");
    }

    @Test
    void diff_servicesAndHardeningRegressions_inJsonConsoleAndMarkdown() throws Exception {
        // the same program, hardened in release 3 and built without PIE and RELRO in release 4; telnet added in 4
        Path src = tmp.resolve("tool.c");
        for (int release = 3; release <= 4; release++) {
            Path root = Files.createDirectories(tmp.resolve("rel" + release + "/opt/pump/bin")).getParent().getParent().getParent();
            Files.createDirectories(root.resolve("etc"));
            Path monitor = root.resolve("opt/pump/bin/monitor");
            if (release == 3) {
                Tools.run(tmp, "gcc", "-O1", "-fPIE", "-pie", "-Wl,-z,relro,-z,now", "-o", monitor.toString(), src.toString());
            } else {
                Tools.run(tmp, "gcc", "-O1", "-no-pie", "-Wl,-z,norelro", "-o", monitor.toString(), src.toString());
            }
            Files.writeString(root.resolve("etc/inittab"), release == 3 ? "::sysinit:/etc/init.d/rcS\n"
                    : "::sysinit:/etc/init.d/rcS\n::respawn:/usr/sbin/telnetd -F\n");
        }
        Path a = scan("rel3");
        Path b = scan("rel4");
        Path json = tmp.resolve("changes.json");
        Path md = tmp.resolve("changes.md");
        CliRun r = CliRun.of("diff", a.toString(), b.toString(), "--json", json.toString(), "--markdown", md.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode changes = new ObjectMapper().readTree(json.toFile()).path("changes");
        assertThat(changes.path("servicesAdded").toString()).contains("telnetd").contains("TELNET");
        assertThat(changes.path("servicesRemoved")).isEmpty();
        JsonNode reg = changes.path("hardeningRegressions");
        assertThat(reg).hasSize(1);
        assertThat(reg.get(0).path("path").asText()).isEqualTo("/opt/pump/bin/monitor");
        assertThat(reg.get(0).path("regressions").toString()).contains("PIE lost").contains("RELRO full -> none");
        assertThat(r.out()).contains("Services added: telnetd (inittab)").contains("Hardening regressions:")
                .contains("/opt/pump/bin/monitor: PIE lost");
        assertThat(Files.readString(md)).contains("#### Hardening regressions").contains("RELRO full -> none");
        // the same release against itself: nothing changed
        CliRun same = CliRun.of("diff", b.toString(), b.toString(), "--json", json.toString());
        assertThat(same.exit()).isZero();
        JsonNode none = new ObjectMapper().readTree(json.toFile()).path("changes");
        assertThat(none.path("hardeningRegressions")).isEmpty();
        assertThat(none.path("servicesAdded")).isEmpty();
        assertThat(none.path("chainOfTrust")).isEmpty();
    }
}
