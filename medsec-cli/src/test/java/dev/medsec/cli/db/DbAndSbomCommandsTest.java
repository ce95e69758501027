package dev.medsec.cli.db;

import dev.medsec.cli.CliRun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.testkit.SharedData;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code medsec db import|status}, {@code medsec sbom} and a scan that matches against the database, end to end. */
class DbAndSbomCommandsTest {
    @TempDir
    Path tmp;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void dbImportThenStatus_sharedData_countsAndSnapshot() {
        Path data = SharedData.require("vulndata");
        String db = tmp.resolve("m.db").toString();
        CliRun imp = run("db", "import", "--db", db, "-q", data.resolve("nvd").toString(), data.resolve("osv").toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("28 records (28 new").contains("snapshot sha256:");
        CliRun again = run("db", "import", "--db", db, "-q", data.toString());
        assertThat(again.out()).contains("28 unchanged");
        CliRun status = run("db", "status", "--db", db);
        assertThat(status.exit()).isZero();
        assertThat(status.out()).contains("records     28").contains("nvd").contains("osv").contains("snapshot    sha256:");
    }

    @Test
    void dbStatus_noDatabase_exit1WithHint() {
        CliRun r = run("db", "status", "--db", tmp.resolve("none.db").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("medsec db import");
    }

    @Test
    void dbImport_missingPath_exit2() {
        assertThat(run("db", "import", "--db", tmp.resolve("m.db").toString(), tmp.resolve("nope").toString()).exit())
                .isEqualTo(2);
    }

    /** A root filesystem with Debian's own dnsmasq 2.90 binary (fixed for CVE-2023-28450) and lighttpd 1.4.69. */
    private Path rootfs() {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Path root = tmp.resolve("rootfs");
        try {
            Path debs = Files.createDirectories(tmp.resolve("debs"));
            Tools.run(debs, "apt-get", "download", "busybox");
            Files.createDirectories(root.resolve("var/lib/dpkg"));
            try (Stream<Path> s = Files.list(debs)) {
                Tools.run(tmp, "dpkg-deb", "-x", s.findFirst().orElseThrow().toString(), root.toString());
            }
            Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: zlib1g\nStatus: install ok installed\n"
                    + "Architecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return root;
    }

    @Test
    void sbom_rootfs_cycloneDxAndSpdx() throws Exception {
        Path root = rootfs();
        Path cdx = tmp.resolve("bom.json");
        CliRun r = run("sbom", root.toString(), "-o", cdx.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode bom = new ObjectMapper().readTree(cdx.toFile());
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("components").toString()).contains("pkg:generic/busybox@1.35.0")
                .contains("pkg:deb/debian/zlib1g");
        Path spdx = tmp.resolve("sbom.spdx.json");
        assertThat(run("sbom", root.toString(), "--format", "spdx", "-o", spdx.toString()).exit()).isZero();
        assertThat(new ObjectMapper().readTree(spdx.toFile()).path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(run("sbom", root.toString(), "--format", "xml").exit()).isEqualTo(2);
    }

    @Test
    void scan_withDatabase_vulnerableBusyboxReportedWithSnapshot() throws Exception {
        Path data = SharedData.require("vulndata");
        Path root = rootfs();
        String db = tmp.resolve("m.db").toString();
        assertThat(run("db", "import", "--db", db, "-q", data.toString()).exit()).isZero();
        Path report = tmp.resolve("report.json");
        CliRun scan = run("scan", root.toString(), "--db", db, "--json", report.toString(), "--fail-on", "none");
        assertThat(scan.exit()).as(scan.err()).isZero();
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertThat(rep.path("vulnerabilityMatching").path("performed").asBoolean()).isTrue();
        assertThat(rep.path("vulnerabilityMatching").path("snapshot").asText()).startsWith("sha256:");
        // busybox 1.35.0 (binary) is inside CVE-2022-28391 (<= 1.35.0); the dpkg zlib is matched only by
        // distribution data, of which this database has none.
        assertThat(rep.path("findings").toString()).contains("CVE-2022-28391").doesNotContain("CVE-2023-45853");
        // a VEX document whose path holds a comma (the settings are typed: nothing is joined and split again)
        String purl = null;
        for (JsonNode c : rep.path("components")) {
            if (c.path("name").asText().equals("busybox") && c.hasNonNull("purl")) {
                purl = c.path("purl").asText();
            }
        }
        assertThat(purl).as("busybox purl").isNotNull();
        Path vex = tmp.resolve("vex, device 1.json");
        java.nio.file.Files.writeString(vex, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/2\","
                + "\"author\":\"Example PSIRT\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"version\":1,"
                + "\"statements\":[{\"vulnerability\":{\"name\":\"CVE-2022-28391\"},\"products\":[{\"@id\":\"" + purl + "\"}],"
                + "\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_present\"}]}");
        Path withVex = tmp.resolve("vex-report.json");
        CliRun vexScan = run("scan", root.toString(), "--db", db, "--vex", vex.toString(), "--json", withVex.toString(), "--fail-on", "none");
        assertThat(vexScan.exit()).as(vexScan.err()).isZero();
        assertThat(new ObjectMapper().readTree(withVex.toFile()).path("findings").toString())
                .contains("CVE-2022-28391").contains("not_affected");
        CliRun noDb = run("scan", root.toString(), "--db", "none", "--json",
                report.toString(), "--fail-on", "none");
        assertThat(noDb.exit()).isZero();
        JsonNode rep2 = new ObjectMapper().readTree(report.toFile());
        assertThat(rep2.path("vulnerabilityMatching").path("performed").asBoolean()).isFalse();
        assertThat(rep2.path("components").toString()).contains("busybox");
    }

    @Test
    void scan_failOnKev_knownExploitedBusyboxFailsTheGate_vexResolvesIt() throws Exception {
        Path data = SharedData.require("vulndata");
        Path root = rootfs();
        String db = tmp.resolve("m.db").toString();
        // the published catalog format; its listing of CVE-2022-28391 is a fixture
        Path kev = tmp.resolve("known_exploited_vulnerabilities.json");
        Files.writeString(kev, "{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\",\"catalogVersion\":\"2026.12.01\","
                + "\"dateReleased\":\"2026-12-01T12:00:00.000Z\",\"count\":1,\"vulnerabilities\":[{\"cveID\":\"CVE-2022-28391\","
                + "\"vendorProject\":\"BusyBox\",\"product\":\"BusyBox\",\"vulnerabilityName\":\"BusyBox netstat escape\","
                + "\"dateAdded\":\"2026-11-30\",\"shortDescription\":\"fixture\",\"requiredAction\":\"Apply updates.\","
                + "\"dueDate\":\"2026-12-21\",\"knownRansomwareCampaignUse\":\"Unknown\",\"notes\":\"\",\"cwes\":[\"CWE-77\"]}]}");
        CliRun imp = run("db", "import", "--db", db, "-q", data.toString(), kev.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("1 KEV entries");
        Path report = tmp.resolve("report.json");
        CliRun scan = run("scan", root.toString(), "--db", db, "--json", report.toString(), "--fail-on", "none", "--fail-on-kev");
        assertThat(scan.exit()).as(scan.out() + scan.err()).isEqualTo(1);
        assertThat(scan.out()).contains("[KEV]").contains("Known exploited (CISA KEV): 1 vulnerability not resolved by VEX; --fail-on-kev: FAILED");
        JsonNode rep = new ObjectMapper().readTree(report.toFile());
        assertThat(rep.path("gate").path("knownExploited").asBoolean()).isTrue();
        assertThat(rep.path("vulnerabilityMatching").path("knownExploitedMatches").asInt()).isEqualTo(1);
        String purl = null;
        for (JsonNode c : rep.path("components")) {
            if (c.path("name").asText().equals("busybox") && c.hasNonNull("purl")) {
                purl = c.path("purl").asText();
            }
        }
        Path vex = tmp.resolve("vex.json");
        Files.writeString(vex, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/3\","
                + "\"author\":\"Example PSIRT\",\"timestamp\":\"2026-12-02T00:00:00Z\",\"version\":1,"
                + "\"statements\":[{\"vulnerability\":{\"name\":\"CVE-2022-28391\"},\"products\":[{\"@id\":\"" + purl + "\"}],"
                + "\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_in_execute_path\"}]}");
        CliRun resolved = run("scan", root.toString(), "--db", db, "--vex", vex.toString(), "--fail-on", "none", "--fail-on-kev");
        assertThat(resolved.exit()).as(resolved.out() + resolved.err()).isZero();
        assertThat(resolved.out()).contains("--fail-on-kev: passed");
    }

    @Test
    void rescore_medsecOwnCycloneDxAndSpdx_sameMatchAsTheScan() throws Exception {
        Path data = SharedData.require("vulndata");
        Path root = rootfs();
        String db = tmp.resolve("m.db").toString();
        assertThat(run("db", "import", "--db", db, "-q", data.toString()).exit()).isZero();
        Path cdx = tmp.resolve("bom.json");
        Path spdx = tmp.resolve("sbom.spdx.json");
        assertThat(run("sbom", root.toString(), "-o", cdx.toString()).exit()).isZero();
        assertThat(run("sbom", root.toString(), "--format", "spdx", "-o", spdx.toString()).exit()).isZero();
        for (Path sbom : new Path[] {cdx, spdx}) {
            Path json = tmp.resolve(sbom.getFileName() + ".rescore.json");
            CliRun r = run("rescore", sbom.toString(), "--db", db, "--json", json.toString());
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            JsonNode rep = new ObjectMapper().readTree(json.toFile());
            // busybox 1.35.0 by its CPE (CVE-2022-28391); the Debian zlib only by Debian's advisories, absent here
            assertThat(rep.path("vulnerabilities").toString()).as(sbom.getFileName().toString())
                    .contains("CVE-2022-28391").doesNotContain("CVE-2023-45853");
        }
        CliRun spdxOut = run("rescore", spdx.toString(), "--db", db, "--sbom-out", tmp.resolve("x.json").toString());
        assertThat(spdxOut.exit()).isEqualTo(2);
        assertThat(spdxOut.err()).contains("SPDX 2.3, which has no vulnerabilities section");
    }
}
