package dev.medsec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line end to end: exit codes, report.json contract, SARIF shape. */
class ScanCommandTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path tree() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("rootfs/etc"));
        Files.writeString(root.resolve("hostname"), "dev\n");
        return root.getParent();
    }

    @Test
    void scan_missingTarget_exit2WithOneLineReason() {
        CliRun r = run("scan", tmp.resolve("nope").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("medsec: target not found").doesNotContain("\n");
    }

    @Test
    void scan_unknownOption_exit2() {
        assertThat(run("scan", "--no-such-flag", "x").exit()).isEqualTo(2);
        assertThat(run("scan", tmp.toString(), "--fail-on", "severe").exit()).isEqualTo(2);
    }

    @Test
    void scan_tarGz_jsonContractAndSarif() throws Exception {
        Tools.require("tar");
        tree();
        Tools.sh(tmp, "tar -czf fw.tar.gz -C rootfs .");
        Path json = tmp.resolve("out/report.json");
        Path sarif = tmp.resolve("out/report.sarif");
        CliRun r = run("scan", tmp.resolve("fw.tar.gz").toString(), "--json", json.toString(), "--sarif", sarif.toString(),
                "--fail-on", "high");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("Toolchain hardening");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(j.get("tool").get("name").asText()).isEqualTo("medsec");
        assertThat(j.get("target").get("type").asText()).isEqualTo("gzip");
        assertThat(j.get("target").get("sha256").asText()).hasSize(64);
        assertThat(j.get("stats").get("files").asInt()).isEqualTo(1);
        assertThat(j.get("principles")).hasSize(7);
        for (int i = 0; i < 7; i++) {
            JsonNode p = j.get("principles").get(i);
            assertThat(p.get("number").asInt()).isEqualTo(i + 1);
            assertThat(p.get("findings").has("critical")).isTrue();
            assertThat(p.get("status").asText()).isIn("pass", "warn", "fail");
        }
        for (String field : new String[] {"startedAt", "durationMs", "components", "findings", "errors"}) {
            assertThat(j.has(field)).as(field).isTrue();
        }
        JsonNode s = new ObjectMapper().readTree(sarif.toFile());
        assertThat(s.get("version").asText()).isEqualTo("2.1.0");
        assertThat(s.get("runs").get(0).get("tool").get("driver").get("name").asText()).isEqualTo("medsec");
    }

    @Test
    void scan_sbomFlags_writeCycloneDxAndSpdxWithDpkgComponents() throws Exception {
        Path root = tree();
        Path status = Files.createDirectories(root.resolve("var/lib/dpkg")).resolve("status");
        Files.writeString(status, "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
                + "Version: 1:1.2.13.dfsg-1\nMaintainer: Debian\n\n");
        Path cdx = tmp.resolve("bom.cdx.json");
        Path spdx = tmp.resolve("bom.spdx.json");
        CliRun r = run("scan", root.toString(), "-q", "--sbom-cyclonedx", cdx.toString(), "--sbom-spdx", spdx.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        JsonNode c = new ObjectMapper().readTree(cdx.toFile());
        assertThat(c.get("specVersion").asText()).isEqualTo("1.6");
        assertThat(c.get("components").toString()).contains("zlib1g").contains("1:1.2.13.dfsg-1");
        assertThat(new ObjectMapper().readTree(spdx.toFile()).get("spdxVersion").asText()).isEqualTo("SPDX-2.3");
    }

    @Test
    void checks_listsHeaderAndCount() {
        CliRun r = run("checks");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).startsWith("ID").contains("checks");
    }

    @Test
    void scan_badInputFiles_exit2BeforeAnyWorkNamingTheFile() throws Exception {
        tree();
        String target = tmp.resolve("rootfs").toString();
        Files.writeString(tmp.resolve("profile.yaml"), "interfaces:\n  allowed: [ssh]\nnoSuchKey: 1\n");
        Files.writeString(tmp.resolve("vex.json"), "not json at all");
        Files.writeString(tmp.resolve("notvex.json"), "{\"hello\": 1}");
        Files.writeString(tmp.resolve("eos.json"), "[broken");
        CliRun profile = run("scan", target, "-q", "--profile", tmp.resolve("profile.yaml").toString());
        assertThat(profile.exit()).isEqualTo(2);
        assertThat(profile.err()).contains("invalid device profile").contains("profile.yaml");
        assertThat(run("scan", target, "-q", "--vex", tmp.resolve("vex.json").toString()).err()).contains("invalid VEX document");
        assertThat(run("scan", target, "-q", "--vex", tmp.resolve("notvex.json").toString()).exit()).isEqualTo(2);
        CliRun missing = run("scan", target, "-q", "--vex", tmp.resolve("nope.json").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(run("scan", target, "-q", "--evidence", tmp.resolve("nope.xml").toString()).exit()).isEqualTo(2);
        assertThat(run("scan", target, "-q", "--end-of-support", tmp.resolve("eos.json").toString()).exit()).isEqualTo(2);
        assertThat(run("scan", target, "-q", "--source", tmp.resolve("nodir").toString()).exit()).isEqualTo(2);
    }

    @Test
    void scan_withoutVulnerabilityDatabase_consoleSaysCvesWereNotChecked() throws Exception {
        tree();
        CliRun r = run("scan", tmp.resolve("rootfs").toString(), "--db", "none");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("Known vulnerabilities NOT checked: --db none");
    }

    /** A report that cannot be written where asked is exit 2 before the scan, with the reason, not a temp-file name. */
    @Test
    void scan_reportPathNotWritable_exit2BeforeTheScan() throws Exception {
        tree();
        Path file = tmp.resolve("plain-file");
        Files.writeString(file, "x");
        CliRun r = run("scan", tmp.resolve("rootfs").toString(), "-q", "--json", file.resolve("report.json").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot write").contains("plain-file is not a directory").doesNotContain(".tmp");
        CliRun dir = run("scan", tmp.resolve("rootfs").toString(), "-q", "--sarif", tmp.toString());
        assertThat(dir.exit()).isEqualTo(2);
        assertThat(dir.err()).contains("it is a directory");
        // a missing directory is created
        Path nested = tmp.resolve("out/new/report.json");
        assertThat(run("scan", tmp.resolve("rootfs").toString(), "-q", "--db", "none", "--json", nested.toString()).exit()).isZero();
        assertThat(nested).exists();
    }

    /** A database named with --db that is missing, not SQLite, or not medsec's: exit 2 before any work. */
    @Test
    void scan_givenDatabaseMissingCorruptOrForeign_exit2NamingIt() throws Exception {
        tree();
        String target = tmp.resolve("rootfs").toString();
        CliRun missing = run("scan", target, "-q", "--db", tmp.resolve("absent.db").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("vulnerability database not found").contains("absent.db").contains("no such file");
        Path corrupt = tmp.resolve("corrupt.db");
        byte[] junk = new byte[8192];
        new java.util.Random(7).nextBytes(junk);
        Files.write(corrupt, junk);
        CliRun c = run("scan", target, "-q", "--db", corrupt.toString());
        assertThat(c.exit()).isEqualTo(2);
        assertThat(c.err()).contains("unusable vulnerability database").contains("not a database");
        Path foreign = tmp.resolve("foreign.db");
        Tools.require("sqlite3");
        Tools.run(tmp, "sqlite3", foreign.toString(), "create table t(a); insert into t values(1);");
        CliRun f = run("scan", target, "-q", "--db", foreign.toString());
        assertThat(f.exit()).isEqualTo(2);
        assertThat(f.err()).contains("not a medsec vulnerability database");
    }
}
