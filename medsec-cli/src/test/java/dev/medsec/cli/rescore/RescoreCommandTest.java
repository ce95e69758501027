package dev.medsec.cli.rescore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import dev.medsec.testkit.SharedData;
import dev.medsec.testkit.Tools;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code medsec rescore} on an SBOM another tool wrote: OWASP CycloneDX's own generator for npm projects
 * (@cyclonedx/cyclonedx-npm) over a project that pins lodash 4.17.20 and minimist 1.2.5, matched against the
 * real OSV records of the shared test data; and medsec's own SPDX 2.3 of a Debian busybox tree.
 */
class RescoreCommandTest {
    @TempDir
    static Path dir;
    static Path bom;
    static String db;

    @TempDir
    Path tmp;

    /** The catalog's published format; its listing of CVE-2021-23337 (lodash) is a fixture. */
    static final String KEV = "{\"title\":\"CISA Catalog of Known Exploited Vulnerabilities\",\"catalogVersion\":\"2026.12.01\","
            + "\"dateReleased\":\"2026-12-01T12:00:00.000Z\",\"count\":1,\"vulnerabilities\":[{\"cveID\":\"CVE-2021-23337\","
            + "\"vendorProject\":\"lodash\",\"product\":\"lodash\",\"vulnerabilityName\":\"lodash template command injection\","
            + "\"dateAdded\":\"2026-11-30\",\"shortDescription\":\"fixture\",\"requiredAction\":\"Apply updates.\","
            + "\"dueDate\":\"2026-12-21\",\"knownRansomwareCampaignUse\":\"Unknown\",\"notes\":\"\",\"cwes\":[\"CWE-94\"]}]}";

    @BeforeAll
    static void npmProjectSbomAndDatabase() throws Exception {
        Path data = SharedData.require("vulndata");
        Tools.require("npm");
        Tools.require("npx");
        Path project = Files.createDirectories(dir.resolve("pump-ui"));
        Files.writeString(project.resolve("package.json"), "{\"name\": \"pump-ui\", \"version\": \"2.4.0\", \"private\": true, "
                + "\"dependencies\": {\"lodash\": \"4.17.20\", \"minimist\": \"1.2.5\"}}");
        Tools.run(project, "npm", "install", "--ignore-scripts", "--no-audit", "--no-fund", "--silent");
        Tools.run(project, "npx", "--yes", "@cyclonedx/cyclonedx-npm@6.0.1", "--spec-version", "1.5",
                "--output-file", "bom.cdx.json");
        bom = project.resolve("bom.cdx.json");
        Path kev = dir.resolve("known_exploited_vulnerabilities.json");
        Files.writeString(kev, KEV);
        db = dir.resolve("m.db").toString();
        CliRun imp = CliRun.of("db", "import", "--db", db, "-q", data.toString(), kev.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
    }

    @Test
    void rescore_cyclonedxNpmBom_newVulnerabilitiesKevAndRewrittenBom() throws Exception {
        Path json = tmp.resolve("r.json");
        Path md = tmp.resolve("r.md");
        Path out = tmp.resolve("rescored.cdx.json");
        CliRun r = CliRun.of("rescore", bom.toString(), "--db", db, "--json", json.toString(), "--markdown", md.toString(),
                "--sbom-out", out.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("pump-ui 2.4.0").contains("2 components assessed").contains("2 vulnerabilities, 2 new")
                .contains("1 known exploited").contains("[KEV 2026-11-30]");
        JsonNode rep = new ObjectMapper().readTree(json.toFile());
        assertThat(rep.path("format").asText()).isEqualTo("CycloneDX 1.5");
        List<String> ids = new ArrayList<>();
        rep.path("vulnerabilities").forEach(v -> ids.add(v.path("id").asText() + " " + v.path("component").path("name").asText()));
        // known exploited first, then EPSS (none here), then CVSS: lodash (KEV, 7.2) before minimist (9.8)
        assertThat(ids).containsExactly("GHSA-35jh-r3h4-6jhm lodash", "GHSA-xvch-5gv4-984h minimist");
        JsonNode lodash = rep.path("vulnerabilities").get(0);
        assertThat(lodash.path("knownExploited").path("dateAdded").asText()).isEqualTo("2026-11-30");
        assertThat(lodash.path("fixedVersion").asText()).isEqualTo("4.17.21");
        assertThat(lodash.path("component").path("ref").asText()).isEqualTo("pump-ui@2.4.0|lodash@4.17.20");
        assertThat(Files.readString(md)).contains("## Known exploited").contains("GHSA-35jh-r3h4-6jhm").contains("4.17.21");
        // the rewritten BOM is valid CycloneDX 1.5 and, re-assessed, has nothing new: its last assessment lists both
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_15)).isEmpty();
        JsonNode rewritten = new ObjectMapper().readTree(out.toFile());
        assertThat(rewritten.path("components")).isEqualTo(new ObjectMapper().readTree(bom.toFile()).path("components"));
        CliRun again = CliRun.of("rescore", out.toString(), "--db", db, "--json", json.toString());
        assertThat(again.exit()).isZero();
        assertThat(new ObjectMapper().readTree(json.toFile()).path("new").asInt()).isZero();
    }

    @Test
    void rescore_sinceDate_onlyPublishedOrListedSince_andGates() throws Exception {
        Path json = tmp.resolve("r.json");
        // minimist's advisory is from March 2022, lodash's from May 2021 (but KEV-listed in 2026)
        CliRun r = CliRun.of("rescore", bom.toString(), "--db", db, "--since", "2022-01-01", "--json", json.toString());
        assertThat(r.exit()).isZero();
        JsonNode rep = new ObjectMapper().readTree(json.toFile());
        assertThat(rep.path("new").asInt()).isEqualTo(2);
        CliRun late = CliRun.of("rescore", bom.toString(), "--db", db, "--since", "2026-12-01", "--json", json.toString());
        assertThat(late.exit()).isZero();
        assertThat(new ObjectMapper().readTree(json.toFile()).path("new").asInt()).isZero();
        assertThat(CliRun.of("rescore", bom.toString(), "--db", db, "--fail-on-kev", "-q").exit()).isEqualTo(1);
        // minimist's advisory is critical and new to this BOM; nothing is new since December 2026
        assertThat(CliRun.of("rescore", bom.toString(), "--db", db, "--fail-on-new", "critical", "-q").exit()).isEqualTo(1);
        assertThat(CliRun.of("rescore", bom.toString(), "--db", db, "--since", "2026-12-01", "--fail-on-new", "low", "-q")
                .exit()).isZero();
    }

    @Test
    void rescore_vexNotAffected_carriedAndNotFailing() throws Exception {
        Path vex = tmp.resolve("vex.json");
        Files.writeString(vex, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/9\","
                + "\"author\":\"Pump PSIRT\",\"timestamp\":\"2026-12-02T00:00:00Z\",\"version\":1,\"statements\":["
                + "{\"vulnerability\":{\"name\":\"CVE-2021-23337\"},\"products\":[{\"@id\":\"pkg:npm/lodash@4.17.20\"}],"
                + "\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_in_execute_path\"}]}");
        Path out = tmp.resolve("o.cdx.json");
        CliRun r = CliRun.of("rescore", bom.toString(), "--db", db, "--vex", vex.toString(), "--fail-on-kev",
                "--sbom-out", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode lodash = null;
        for (JsonNode v : new ObjectMapper().readTree(out.toFile()).path("vulnerabilities")) {
            lodash = v.path("id").asText().equals("GHSA-35jh-r3h4-6jhm") ? v : lodash;
        }
        assertThat(lodash).isNotNull();
        assertThat(lodash.path("analysis").path("state").asText()).isEqualTo("not_affected");
        assertThat(lodash.path("analysis").path("justification").asText()).isEqualTo("code_not_reachable");
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_15)).isEmpty();
    }

    @Test
    void rescore_severalSbomsWithOut_filesPerRelease() throws Exception {
        Path second = tmp.resolve("pump-ui-2.3.0.cdx.json");
        Files.copy(bom, second);
        Path out = tmp.resolve("post-market");
        CliRun r = CliRun.of("rescore", bom.toString(), second.toString(), "--db", db, "--out", out.toString(), "-q");
        assertThat(r.exit()).as(r.err()).isZero();
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(
                    "bom.cdx.rescore.json", "bom.cdx.rescore.md", "bom.cdx.rescored.cdx.json",
                    "pump-ui-2.3.0.cdx.rescore.json", "pump-ui-2.3.0.cdx.rescore.md", "pump-ui-2.3.0.cdx.rescored.cdx.json");
        }
    }

    @Test
    void rescore_badInput_exit2BeforeAnyWork() throws Exception {
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":{\"name\":\"x\"}}");
        CliRun r = CliRun.of("rescore", broken.toString(), "--db", db);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("/components: expected an array");
        Path old = tmp.resolve("old.json");
        Files.writeString(old, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.2\",\"components\":[]}");
        assertThat(CliRun.of("rescore", old.toString(), "--db", db).err()).contains("CycloneDX 1.2 is not read");
        Path deep = tmp.resolve("deep.json");
        Files.writeString(deep, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":" + "[".repeat(200)
                + "]".repeat(200) + "}");
        CliRun d = CliRun.of("rescore", deep.toString(), "--db", db);
        assertThat(d.exit()).isEqualTo(2);
        assertThat(d.err()).contains("not valid JSON");
        Path noName = tmp.resolve("noname.json");
        Files.writeString(noName, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[{\"version\":\"1\"}]}");
        assertThat(CliRun.of("rescore", noName.toString(), "--db", db).err()).contains("/components/0/name: missing");
        assertThat(CliRun.of("rescore", bom.toString(), "--db", tmp.resolve("absent.db").toString()).exit()).isEqualTo(2);
        assertThat(CliRun.of("rescore", bom.toString(), "--db", db, "--since", "last week").exit()).isEqualTo(2);
        assertThat(CliRun.of("rescore", bom.toString(), bom.toString(), "--db", db, "--json", "x.json").exit()).isEqualTo(2);
        assertThat(CliRun.of("rescore", tmp.resolve("nope.json").toString(), "--db", db).exit()).isEqualTo(2);
    }
}
