package dev.medsec.sbom.write;

import dev.medsec.checks.vuln.KnownVulnerability;

import dev.medsec.core.Component;
import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.SharedData;
import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.VulnDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A VEX analysis carried from the vulnerability check into the CycloneDX BOM the SBOM writer makes. */
class VexIntoCycloneDxTest {
    @TempDir
    Path tmp;

    private Path sharedDb() throws Exception {
        Path data = SharedData.require("vulndata");
        Path file = tmp.resolve("medsec.db");
        try (VulnDatabase db = VulnDatabase.openForWrite(file)) {
            new FeedImporter().importPaths(List.of(data), db, s -> { });
            db.refreshSnapshot(Instant.EPOCH);
        }
        return file;
    }

    private static Component binary(String name, String version, String cpe) {
        return new Component(name, version, Optional.of("pkg:generic/" + name + "@" + version), Optional.of(cpe),
                "binary-classifier", "/usr/lib/lib" + name + ".so", Map.of());
    }

    @Test
    void inspect_openVexAndCycloneDxVex_notAffectedCarriedAtInfoAndIntoCycloneDx() throws Exception {
        Path db = sharedDb();
        Path openVex = tmp.resolve("device.openvex.json");
        Files.writeString(openVex, "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"@id\":\"https://example.com/vex/1\","
                + "\"author\":\"Example Medical PSIRT\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"version\":1,"
                + "\"statements\":[{\"vulnerability\":{\"name\":\"CVE-2022-3602\"},"
                + "\"products\":[{\"@id\":\"pkg:generic/openssl@3.0.6\"}],\"status\":\"not_affected\","
                + "\"justification\":\"vulnerable_code_not_in_execute_path\","
                + "\"impact_statement\":\"X.509 name constraints are never checked on the device\"}]}");
        Path cdxVex = tmp.resolve("vex.cdx.json");
        Files.writeString(cdxVex, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
                + "\"vulnerabilities\":[{\"id\":\"CVE-2021-45105\",\"analysis\":{\"state\":\"exploitable\","
                + "\"detail\":\"lookups enabled in the logging configuration\"},"
                + "\"affects\":[{\"ref\":\"pkg:maven/org.apache.logging.log4j/log4j-core\"}]}]}");
        List<Component> cs = List.of(binary("openssl", "3.0.6", "cpe:2.3:a:openssl:openssl:3.0.6:*:*:*:*:*:*:*"),
                new Component("log4j-core", "2.16.0",
                        Optional.of("pkg:maven/org.apache.logging.log4j/log4j-core@2.16.0"), Optional.empty(), "jar",
                        "/opt/app/lib/log4j-core-2.16.0.jar", Map.of()));
        ScanSettings s = new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(), List.of(), List.of(),
                Optional.of(db.toString()), Map.of()).withVulnerabilityInputs(List.of(openVex, cdxVex), List.of(), Optional.empty());
        Image image = new Image("fw.img", List.of(), s);
        image.addComponents(cs);
        FindingCollector out = new FindingCollector(CheckMetadata.of(KnownVulnerability.class));
        new KnownVulnerability().inspect(image, out);
        assertThat(out.errors()).isEmpty();
        Finding ssl = out.findings().stream().filter(f -> f.evidence().get("vulnerability").equals("CVE-2022-3602"))
                .findFirst().orElseThrow();
        assertThat(ssl.severity()).isEqualTo(Severity.INFO);
        assertThat(ssl.evidence()).containsEntry("vexStatus", "not_affected")
                .containsEntry("vexJustification", "vulnerable_code_not_in_execute_path")
                .containsEntry("vexSource", "device.openvex.json");
        // The GHSA record is matched; the VEX names its CVE alias and says "exploitable": kept at its severity.
        Finding log4j = out.findings().stream().filter(f -> f.evidence().get("vulnerability")
                .equals("GHSA-p6xc-xr62-6r2g")).findFirst().orElseThrow();
        assertThat(log4j.evidence()).containsEntry("vexStatus", "affected");
        assertThat(log4j.severity()).isNotEqualTo(Severity.INFO);
        @SuppressWarnings("unchecked")
        Map<String, Object> section = (Map<String, Object>) out.sections().get(KnownVulnerability.SECTION);
        assertThat(section).containsEntry("vexStatements", 2).containsEntry("vexNotAffected", 1);

        Path bom = tmp.resolve("bom.json");
        SbomWriter.writeCycloneDx(image, out.findings(), bom);
        assertThat(new org.cyclonedx.parsers.JsonParser().validate(bom.toFile(), org.cyclonedx.Version.VERSION_16))
                .isEmpty();
        var vulns = new com.fasterxml.jackson.databind.ObjectMapper().readTree(bom.toFile()).path("vulnerabilities");
        assertThat(vulns).hasSize(2);
        var sslVuln = vulns.get(0).path("id").asText().equals("CVE-2022-3602") ? vulns.get(0) : vulns.get(1);
        assertThat(sslVuln.path("analysis").path("state").asText()).isEqualTo("not_affected");
        assertThat(sslVuln.path("analysis").path("justification").asText()).isEqualTo("code_not_reachable");
        assertThat(sslVuln.path("affects").get(0).path("ref").asText()).startsWith("pkg:generic/openssl@3.0.6");
    }
}
