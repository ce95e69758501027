package dev.medsec.sbom.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.catalog.DpkgCataloger;
import dev.medsec.sbom.catalog.TestImages;
import dev.medsec.sbom.crypto.CryptoAsset;
import dev.medsec.sbom.crypto.CryptoBom;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The CycloneDX rendering of a crypto BOM: links to package components, and what the library cannot write. */
class CryptoComponentsTest {
    @TempDir
    Path tmp;

    private static final String STATUS = "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\n"
            + "Source: openssl\nVersion: 3.0.15-1~deb12u1\n\n";
    /** Debian bookworm lists /lib paths; on a merged-/usr tree the file is walked at /usr/lib. */
    private static final String LIST = "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libcrypto.so.3\n"
            + "/lib/x86_64-linux-gnu/libssl.so.3\n";

    private static CryptoAsset.Algorithm algorithm(String name, CryptoAsset.Primitive p, Optional<String> level) {
        return new CryptoAsset.Algorithm("crypto:algorithm:" + name, name, p, Optional.empty(), Optional.empty(),
                Optional.of("256"), Optional.empty(), OptionalInt.of(2), List.of(CryptoAsset.Function.DIGEST),
                Optional.of("software-plain-ram"), Optional.of("x86_64"), level, Optional.of("2.16.840.1.101.3.4.2.1"),
                List.of("/usr/bin/updater"), Map.of("medsec:policy", "approved"));
    }

    @Test
    void writeCycloneDx_libraryOwnedByDpkgPackage_providesOnThePackageAndSchemaValid() throws Exception {
        Image image = new TestImages(tmp).text("/var/lib/dpkg/status", STATUS)
                .text("/var/lib/dpkg/info/libssl3:amd64.list", LIST)
                .text("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", "stand-in: the writer does not read it")
                .text("/usr/bin/updater", "stand-in")
                .build(ScanSettings.defaults().withNow(Instant.parse("2026-01-01T00:00:00Z")));
        image.addComponents(new DpkgCataloger().catalog(image, e -> { }));
        CryptoAsset.Algorithm sha = algorithm("SHA-256", CryptoAsset.Primitive.HASH, Optional.of("fips140-3-l1"));
        CryptoAsset.Protocol tls = new CryptoAsset.Protocol("crypto:protocol:tls@/etc/app.conf", "TLS 1.2", "tls",
                Optional.of("1.2"), List.of(sha.ref()), Optional.empty(), List.of("/etc/app.conf"), Map.of());
        CryptoBom cbom = new CryptoBom(List.of(sha, tls),
                List.of(new CryptoBom.Provider("OpenSSL libcrypto", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3",
                        Optional.empty(), List.of(sha.ref()))),
                List.of(new CryptoBom.User("/usr/bin/updater", List.of(sha.ref()),
                        List.of("/usr/lib/x86_64-linux-gnu/libcrypto.so.3")),
                        // a library that is also a user is linked through its own (package) component
                        new CryptoBom.User("/usr/lib/x86_64-linux-gnu/libcrypto.so.3", List.of(sha.ref()), List.of())));
        Path out = tmp.resolve("bom.json");
        SbomWriter.writeCycloneDx(image, List.of(), cbom, out);
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(out.toFile());
        List<String> refs = new ArrayList<>();
        bom.path("components").forEach(c -> refs.add(c.path("type").asText() + " " + c.path("bom-ref").asText()));
        String pkg = refs.stream().filter(r -> r.startsWith("library pkg:deb/debian/libssl3@")).findFirst()
                .orElseThrow().substring("library ".length());
        // no second component for a library its package already stands for
        assertThat(refs).containsExactly("library " + pkg, "file file:/usr/bin/updater",
                "cryptographic-asset crypto:algorithm:SHA-256", "cryptographic-asset crypto:protocol:tls@/etc/app.conf");
        JsonNode deps = bom.path("dependencies");
        // the firmware on its components, then the package (one entry: its own and the crypto provider's), then the user
        assertThat(deps).hasSize(3);
        assertThat(deps.get(0).path("ref").asText()).isEqualTo("target");
        assertThat(deps.get(0).path("dependsOn").toString()).isEqualTo("[\"" + pkg + "\"]");
        assertThat(deps.get(1).path("ref").asText()).isEqualTo(pkg);
        assertThat(deps.get(1).path("provides").toString()).isEqualTo("[\"crypto:algorithm:SHA-256\"]");
        assertThat(deps.get(1).path("dependsOn").toString()).isEqualTo("[\"crypto:algorithm:SHA-256\"]");
        assertThat(deps.get(2).path("ref").asText()).isEqualTo("file:/usr/bin/updater");
        assertThat(deps.get(2).path("dependsOn").toString()).isEqualTo("[\"" + pkg + "\",\"crypto:algorithm:SHA-256\"]");
        JsonNode alg = bom.path("components").get(2).path("cryptoProperties").path("algorithmProperties");
        assertThat(alg.path("certificationLevel").toString()).isEqualTo("[\"fips140-3-l1\"]");
        assertThat(alg.path("executionEnvironment").asText()).isEqualTo("software-plain-ram");
        JsonNode proto = bom.path("components").get(3).path("cryptoProperties").path("protocolProperties");
        assertThat(proto.path("type").asText()).isEqualTo("tls");
        assertThat(proto.path("version").asText()).isEqualTo("1.2");
        assertThat(proto.path("cryptoRefArray").toString()).isEqualTo("[\"crypto:algorithm:SHA-256\"]");
    }

    @Test
    void writeCycloneDx_emptyCryptoBom_sameBytesAsWithoutIt() throws Exception {
        Image image = new TestImages(tmp).text("/var/lib/dpkg/status", STATUS)
                .build(ScanSettings.defaults().withNow(Instant.parse("2026-01-01T00:00:00Z")));
        image.addComponents(new DpkgCataloger().catalog(image, e -> { }));
        assertThat(SbomWriter.cycloneDxJson(image, List.of(), CryptoBom.empty()))
                .isEqualTo(SbomWriter.cycloneDxJson(image, List.of()));
    }
}
