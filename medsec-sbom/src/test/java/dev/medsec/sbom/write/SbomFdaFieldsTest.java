package dev.medsec.sbom.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.catalog.DpkgCataloger;
import dev.medsec.sbom.catalog.TestImages;
import dev.medsec.testkit.Tools;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FDA premarket / NTIA minimum elements in both SBOM formats, on a dpkg database written from Debian's own
 * control files (libssl3, libc6, libgcc-s1, gcc-12-base: their real Depends), with a device profile naming the
 * manufacturer, the product and the SBOM's authors. Both documents are validated against the official schemas:
 * CycloneDX 1.6 (as cyclonedx-core-java ships it) and SPDX 2.3 (vendored, see SCHEMAS.md).
 */
class SbomFdaFieldsTest {
    @TempDir
    static Path tmp;
    static Image image;
    static final SbomWriter.Subject SUBJECT = new SbomWriter.Subject("0.9.1",
            Optional.of("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));

    @BeforeAll
    static void debianPackagesAndProfile() throws Exception {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Path debs = Files.createDirectories(tmp.resolve("debs"));
        for (String p : List.of("libssl3", "libc6", "libgcc-s1", "gcc-12-base")) {
            Tools.run(debs, "apt-get", "download", p);
        }
        StringBuilder status = new StringBuilder();
        try (Stream<Path> s = Files.list(debs)) {
            for (Path deb : s.sorted().toList()) {
                String control = Tools.run(tmp, "dpkg-deb", "-f", deb.toString());
                status.append(control.strip().replaceFirst("(?m)^Package: (.*)$", "Package: $1\nStatus: install ok installed"))
                        .append("\n\n");
            }
        }
        Path root = Files.createDirectories(tmp.resolve("root/var/lib/dpkg"));
        Files.writeString(root.resolve("status"), status.toString());
        Path profile = tmp.resolve("profile.yaml");
        Files.writeString(profile, """
                name: infusion pump controller
                manufacturer:
                  name: Example Medical Devices Inc.
                  url: https://devices.example.com
                  contact: psirt@devices.example.com
                product:
                  name: pump-controller-firmware
                  version: 4.2.1
                sbomAuthors: [Example Medical Devices Inc. Product Security]
                """);
        ScanSettings settings = ScanSettings.defaults().withNow(Instant.parse("2026-12-01T00:00:00Z")).withProfile(profile);
        image = new TestImages(tmp).tree(tmp.resolve("root")).build(settings);
        image.addComponents(new DpkgCataloger().catalog(image, e -> { }));
    }

    @Test
    void cycloneDx_authorsSupplierManufacturerToolRootAndDependencies_validAgainst16() throws Exception {
        Path out = tmp.resolve("bom.json");
        SbomWriter.writeCycloneDx(image, List.of(), dev.medsec.sbom.crypto.CryptoBom.empty(), SUBJECT, out);
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(out.toFile());
        JsonNode md = bom.path("metadata");
        assertThat(md.path("authors").get(0).path("name").asText()).isEqualTo("Example Medical Devices Inc. Product Security");
        assertThat(md.path("supplier").path("name").asText()).isEqualTo("Example Medical Devices Inc.");
        assertThat(md.path("manufacturer").path("contact").get(0).path("email").asText()).isEqualTo("psirt@devices.example.com");
        assertThat(md.path("tools").path("components").get(0).path("version").asText()).isEqualTo("0.9.1");
        JsonNode root = md.path("component");
        assertThat(root.path("name").asText()).isEqualTo("pump-controller-firmware");
        assertThat(root.path("version").asText()).isEqualTo("4.2.1");
        assertThat(root.path("hashes").get(0).path("content").asText()).isEqualTo(SUBJECT.targetSha256().orElseThrow());
        // every component is reached from the firmware; libssl3 depends on libc6 as its control file says
        JsonNode deps = bom.path("dependencies");
        JsonNode top = find(deps, "target");
        assertThat(top.path("dependsOn")).hasSize(bom.path("components").size());
        String ssl = ref(bom, "libssl3");
        String libc = ref(bom, "libc6");
        assertThat(find(deps, ssl).path("dependsOn").toString()).contains(libc);
        assertThat(find(deps, libc).path("dependsOn").toString()).contains(ref(bom, "libgcc-s1"));
        Set<String> refs = new java.util.HashSet<>();
        deps.forEach(d -> assertThat(refs.add(d.path("ref").asText())).as("one entry per ref").isTrue());
        for (JsonNode c : bom.path("components")) {
            assertThat(c.path("version").asText()).isNotBlank();
            assertThat(c.path("purl").asText()).startsWith("pkg:deb/debian/");
            assertThat(c.path("supplier").path("name").asText()).isNotBlank();
        }
    }

    @Test
    void spdx_sameFacts_validAgainstTheOfficial23Schema() throws Exception {
        String json = SbomWriter.spdxJson(image, SUBJECT);
        JsonNode doc = new ObjectMapper().readTree(json);
        assertThat(validateSpdx(doc)).isEmpty();
        // the validator does reject: a document without its creation info, a package with an unknown purpose
        com.fasterxml.jackson.databind.node.ObjectNode broken = doc.deepCopy();
        broken.remove("creationInfo");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.path("packages").get(1)).put("primaryPackagePurpose", "GADGET");
        assertThat(validateSpdx(broken)).hasSizeGreaterThanOrEqualTo(2);
        assertThat(doc.path("creationInfo").path("creators").toString())
                .contains("Organization: Example Medical Devices Inc. Product Security").contains("Tool: medsec-0.9.1");
        JsonNode root = doc.path("packages").get(0);
        assertThat(root.path("name").asText()).isEqualTo("pump-controller-firmware");
        assertThat(root.path("versionInfo").asText()).isEqualTo("4.2.1");
        assertThat(root.path("supplier").asText()).isEqualTo("Organization: Example Medical Devices Inc.");
        assertThat(root.path("checksums").get(0).path("checksumValue").asText()).isEqualTo(SUBJECT.targetSha256().orElseThrow());
        String ssl = spdxId(doc, "libssl3");
        String libc = spdxId(doc, "libc6");
        List<String> rels = new ArrayList<>();
        doc.path("relationships").forEach(r -> rels.add(r.path("spdxElementId").asText() + " "
                + r.path("relationshipType").asText() + " " + r.path("relatedSpdxElement").asText()));
        assertThat(rels).contains("SPDXRef-Package-target CONTAINS " + ssl, "SPDXRef-Package-target DEPENDS_ON " + ssl,
                ssl + " DEPENDS_ON " + libc);
    }

    @Test
    void withoutProfile_toolIsTheAuthorAndTheRootIsNamedByTheTarget() throws Exception {
        Image bare = new TestImages(tmp.resolve("bare")).tree(tmp.resolve("root")).build(
                ScanSettings.defaults().withNow(Instant.parse("2026-12-01T00:00:00Z")));
        bare.addComponents(new DpkgCataloger().catalog(bare, e -> { }));
        Path out = tmp.resolve("bare.json");
        SbomWriter.writeCycloneDx(bare, List.of(), dev.medsec.sbom.crypto.CryptoBom.empty(), SbomWriter.Subject.UNKNOWN, out);
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode md = new ObjectMapper().readTree(out.toFile()).path("metadata");
        assertThat(md.path("authors").get(0).path("name").asText()).startsWith("medsec (automated");
        assertThat(md.has("supplier")).isFalse();
        assertThat(validateSpdx(new ObjectMapper().readTree(SbomWriter.spdxJson(bare, SbomWriter.Subject.UNKNOWN)))).isEmpty();
    }

    static Set<ValidationMessage> validateSpdx(JsonNode doc) throws Exception {
        try (InputStream in = SbomFdaFieldsTest.class.getResourceAsStream("spdx-schema-2.3.json")) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
            return schema.validate(doc);
        }
    }

    private static JsonNode find(JsonNode deps, String ref) {
        for (JsonNode d : deps) {
            if (d.path("ref").asText().equals(ref)) {
                return d;
            }
        }
        throw new AssertionError("no dependency entry for " + ref);
    }

    private static String ref(JsonNode bom, String name) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("name").asText().equals(name)) {
                return c.path("bom-ref").asText();
            }
        }
        throw new AssertionError("no component " + name);
    }

    private static String spdxId(JsonNode doc, String name) {
        for (JsonNode p : doc.path("packages")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("SPDXID").asText();
            }
        }
        throw new AssertionError("no package " + name);
    }
}
