package dev.medsec.cli.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import dev.medsec.testkit.Tools;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The crypto bill of materials through both commands that write a CycloneDX SBOM. */
class CryptoBomCommandsTest {
    @TempDir
    Path tmp;

    private Path rootfs() throws Exception {
        Tools.require("openssl");
        Path root = Files.createDirectories(tmp.resolve("rootfs/etc/ssl/private"));
        Tools.run(root, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "device.key",
                "-out", "device.crt", "-subj", "/CN=monitor.example", "-days", "365");
        Files.delete(root.resolve("device.key"));
        Files.writeString(tmp.resolve("rootfs/etc/hostname"), "monitor\n");
        return tmp.resolve("rootfs");
    }

    private static List<String> cryptoAssets(Path bom) throws Exception {
        assertThat(new JsonParser().validate(bom.toFile(), Version.VERSION_16)).isEmpty();
        List<String> out = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(bom.toFile()).path("components")) {
            if (c.path("type").asText().equals("cryptographic-asset")) {
                out.add(c.path("cryptoProperties").path("assetType").asText() + " " + c.path("name").asText());
            }
        }
        return out;
    }

    @Test
    void sbomAndScan_certificateInRootfs_cryptographicAssetsInCycloneDx() throws Exception {
        Path root = rootfs();
        Path sbom = tmp.resolve("sbom.cdx.json");
        CliRun r = CliRun.of("sbom", root.toString(), "-o", sbom.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> expected = List.of("algorithm RSA-2048", "algorithm SHA256withRSA", "certificate CN=monitor.example",
                "related-crypto-material RSA-2048 public key of CN=monitor.example");
        assertThat(cryptoAssets(sbom)).containsExactlyElementsOf(expected);

        Path scanned = tmp.resolve("scan.cdx.json");
        CliRun s = CliRun.of("scan", root.toString(), "-q", "--db", "none",
                "--sbom-cyclonedx", scanned.toString());
        assertThat(s.exit()).as(s.err()).isIn(0, 1);
        assertThat(cryptoAssets(scanned)).containsExactlyElementsOf(expected);
    }

    @Test
    void sbom_noCrypto_noCryptographicAssets() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("plain/etc"));
        Files.writeString(root.resolve("hostname"), "monitor\n");
        Path sbom = tmp.resolve("plain.cdx.json");
        assertThat(CliRun.of("sbom", tmp.resolve("plain").toString(), "-o", sbom.toString()).exit()).isZero();
        assertThat(cryptoAssets(sbom)).isEmpty();
    }
}
