package dev.medsec.sbom.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Component;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.catalog.BinaryClassifierCataloger;
import dev.medsec.sbom.catalog.DpkgCataloger;
import dev.medsec.sbom.catalog.TestImages;
import dev.medsec.testkit.Tools;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SbomWriterTest {
    @TempDir
    static Path tmp;
    static Image image;

    private static final String STATUS = "Package: libssl1.1\nStatus: install ok installed\n"
            + "Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>\nArchitecture: armhf\n"
            + "Source: openssl\nVersion: 1.1.1n-0+deb11u5\n\n";

    /** A root filesystem with Debian's real busybox binary and a dpkg database, catalogued (once per class). */
    @org.junit.jupiter.api.BeforeAll
    static void buildImage() throws Exception {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Path debs = Files.createDirectories(tmp.resolve("debs"));
        Tools.run(debs, "apt-get", "download", "busybox");
        Path x = Files.createDirectories(tmp.resolve("x"));
        try (Stream<Path> s = Files.list(debs)) {
            Tools.run(tmp, "dpkg-deb", "-x", s.findFirst().orElseThrow().toString(), x.toString());
        }
        Files.createDirectories(x.resolve("var/lib/dpkg"));
        Files.writeString(x.resolve("var/lib/dpkg/status"), STATUS);
        ScanSettings settings = ScanSettings.defaults().withNow(Instant.parse("2025-06-01T00:00:00Z"));
        image = new TestImages(tmp).tree(x).build(settings);
        image.addComponents(new DpkgCataloger().catalog(image, e -> { }));
        image.addComponents(new BinaryClassifierCataloger().catalog(image, e -> { }));
        image.addComponents(List.of(new Component("openssl", "1.0.2k", Optional.of("pkg:generic/openssl@1.0.2k"),
                Optional.of("cpe:2.3:a:openssl:openssl:1.0.2k:*:*:*:*:*:*:*"), "binary-classifier",
                "/usr/lib/libcrypto.so.1.0.0", Map.of("supplier", "OpenSSL Software Foundation"))));
    }

    @Test
    void writeCycloneDx_catalogedImage_validAgainstSchema16WithFdaFields() throws Exception {
        Path out = tmp.resolve("bom.json");
        SbomWriter.writeCycloneDx(image, out);
        List<org.cyclonedx.exception.ParseException> problems = new JsonParser().validate(out.toFile(),
                Version.VERSION_16);
        assertThat(problems).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(out.toFile());
        assertThat(bom.path("specVersion").asText()).isEqualTo("1.6");
        assertThat(bom.path("components")).hasSize(3);
        JsonNode busybox = find(bom.path("components"), "busybox");
        assertThat(busybox.path("cpe").asText()).startsWith("cpe:2.3:a:busybox:busybox:1.35.0");
        assertThat(busybox.path("hashes").get(0).path("content").asText()).hasSize(64);
        assertThat(busybox.path("evidence").path("occurrences").get(0).path("location").asText())
                .isEqualTo("/bin/busybox");
        JsonNode ssl = find(bom.path("components"), "openssl");
        assertThat(property(ssl, "medsec:endOfSupport")).isEqualTo("2019-12-31");
        assertThat(property(ssl, "medsec:supportLevel")).isEqualTo("end of support");
        assertThat(ssl.path("supplier").path("name").asText()).isEqualTo("OpenSSL Software Foundation");
        JsonNode deb = find(bom.path("components"), "libssl1.1");
        assertThat(deb.path("purl").asText()).startsWith("pkg:deb/debian/libssl1.1@1.1.1n-0%2Bdeb11u5");
        assertThat(deb.has("hashes")).as("a package database is not the component's file").isFalse();
        assertThat(property(deb, "medsec:evidence:sourcePackage")).isEqualTo("openssl");
        // The validator is not vacuous: a component without its required name is rejected.
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, Files.readString(out).replaceFirst("\"name\" : \"busybox\",", ""));
        assertThat(new JsonParser().validate(broken.toFile(), Version.VERSION_16)).isNotEmpty();
        // Deterministic: the same image gives the same bytes.
        Path again = tmp.resolve("bom2.json");
        SbomWriter.writeCycloneDx(image, again);
        assertThat(Files.readString(again)).isEqualTo(Files.readString(out));
    }

    @Test
    void writeSpdx_catalogedImage_spdx23DocumentWithConsistentIds() throws Exception {
        Path out = tmp.resolve("sbom.spdx.json");
        SbomWriter.writeSpdx(image, out);
        JsonNode doc = new ObjectMapper().readTree(out.toFile());
        assertThat(doc.path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        assertThat(doc.path("dataLicense").asText()).isEqualTo("CC0-1.0");
        assertThat(doc.path("documentNamespace").asText()).startsWith("https://");
        assertThat(doc.path("creationInfo").path("created").asText()).isEqualTo("2025-06-01T00:00:00Z");
        Set<String> ids = new HashSet<>();
        for (JsonNode p : doc.path("packages")) {
            assertThat(p.path("SPDXID").asText()).matches("SPDXRef-[A-Za-z0-9.-]+");
            assertThat(ids.add(p.path("SPDXID").asText())).isTrue();
            assertThat(p.has("downloadLocation")).isTrue();
        }
        assertThat(ids).hasSize(4);
        for (JsonNode r : doc.path("relationships")) {
            assertThat(ids).contains(r.path("relatedSpdxElement").asText());
        }
        JsonNode ssl = find(doc.path("packages"), "openssl");
        assertThat(ssl.path("validUntilDate").asText()).isEqualTo("2019-12-31T00:00:00Z");
        assertThat(ssl.path("supplier").asText()).isEqualTo("Organization: OpenSSL Software Foundation");
        JsonNode busybox = find(doc.path("packages"), "busybox");
        assertThat(busybox.path("externalRefs").toString()).contains("cpe23Type").contains("pkg:generic/busybox@1.35.0");
        assertThat(busybox.path("checksums").get(0).path("algorithm").asText()).isEqualTo("SHA256");
    }

    private static JsonNode find(JsonNode array, String name) {
        for (JsonNode n : array) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + array);
    }

    private static String property(JsonNode c, String name) {
        for (JsonNode p : c.path("properties")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText();
            }
        }
        return "";
    }
}
