package dev.medsec.cli.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import dev.medsec.testkit.Tools;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The submission pack of a seeded fixture image with a device profile: every document is there, the SBOMs carry the
 * FDA fields and validate, the manifest matches the files (sha256sum -c), the signature verifies with medsec
 * verify-file and with openssl cms -verify, and the pack rebuilt from the same report is byte-identical.
 */
class SubmissionPackTest {
    @TempDir
    static Path dir;
    static Path fixture;
    static Path profile;

    @BeforeAll
    static void fixtureAndPki() throws Exception {
        Tools.require("openssl");
        Tools.require("sha256sum");
        fixture = dir.resolve("rootfs");
        Map<String, String> files = Map.of(
                "etc/passwd", "root::0:0:root:/root:/bin/sh\n",
                "etc/ssh/sshd_config", "PermitRootLogin yes\nCiphers 3des-cbc,aes128-ctr\n",
                "boot/uEnv.txt", "bootdelay=0\nverify=no\nbootargs=console=ttyS0 init=/bin/sh\n",
                "opt/app/settings.ini", "[cloud]\naws_access_key_id = AKIAIOSFODNN7EXAMPLZ\n",
                "etc/inittab", "::sysinit:/etc/init.d/rcS\n::respawn:/usr/sbin/telnetd -F -p 2323\n",
                "var/lib/dpkg/status", "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\n"
                        + "Maintainer: Mark Brown <broonie@debian.org>\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\nDepends: libc6 (>= 2.14)\n\n"
                        + "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
                        + "Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\nSource: glibc\nVersion: 2.36-9+deb12u14\n");
        for (var e : files.entrySet()) {
            Path p = fixture.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        profile = dir.resolve("profile.yaml");
        Files.writeString(profile, "name: IP-200 infusion pump\nmanufacturer:\n  name: Example Medical Devices Inc.\n"
                + "  contact: psirt@devices.example.com\nproduct:\n  name: ip200-firmware\n  version: 4.2.1\n");
        Files.writeString(dir.resolve("ext.cnf"), "[signer]\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=codeSigning\n");
        Tools.sh(dir, "openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/O=Example/CN=Root'"
                + " -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign' 2>&1");
        Tools.sh(dir, "openssl req -new -newkey rsa:3072 -nodes -keyout signer.key -out signer.csr -subj '/O=Example/CN=Release Signer' 2>&1");
        Tools.sh(dir, "openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -set_serial 7 -days 30 -extfile ext.cnf"
                + " -extensions signer -out signer.pem 2>&1");
        Tools.sh(dir, "openssl pkcs12 -export -inkey signer.key -in signer.pem -out signer.p12 -passout pass:s3cret 2>&1");
        Files.writeString(dir.resolve("pw.txt"), "s3cret\n");
    }

    private static Map<String, byte[]> contents(Path pack) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(pack)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(pack.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void pack_documentsManifestSignatureAndReproducibility() throws Exception {
        Path pack = dir.resolve("pack");
        CliRun r = CliRun.of("submission-pack", fixture.toString(), "--out", pack.toString(), "--profile", profile.toString(),
                "--db", "none", "--sign-key", "pkcs12:" + dir.resolve("signer.p12"), "--sign-password-file",
                dir.resolve("pw.txt").toString());
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("signed (MANIFEST.sha256.p7s)");
        Map<String, byte[]> files = contents(pack);
        assertThat(files.keySet()).containsExactlyInAnyOrder("README.md", "MANIFEST.sha256", "MANIFEST.sha256.p7s",
                "report/report.json", "report/report.html", "report/report.sarif", "sbom/sbom.cdx.json", "sbom/sbom.spdx.json",
                "risk/component-risk-report.json", "risk/component-risk-report.md", "evidence/cybersecurity-test-evidence.md",
                "architecture/security-architecture.md", "traceability/traceability-matrix.md", "traceability/traceability-matrix.json");
        // the manifest is what sha256sum checks, over every other file
        assertThat(Tools.sh(pack, "sha256sum -c MANIFEST.sha256 2>&1")).contains("report/report.json: OK").doesNotContain("FAILED");
        assertThat(new String(files.get("MANIFEST.sha256")).lines().count()).isEqualTo(files.size() - 2);
        // the signature verifies with medsec and with openssl
        CliRun verify = CliRun.of("verify-file", pack.resolve("MANIFEST.sha256").toString(), "--trust", dir.resolve("ca.pem").toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        assertThat(Tools.sh(pack, "openssl cms -verify -binary -inform DER -in MANIFEST.sha256.p7s -content MANIFEST.sha256"
                + " -CAfile " + dir.resolve("ca.pem") + " -purpose any -out /dev/null 2>&1")).contains("Verification successful");
        // SBOM with the FDA fields, valid
        assertThat(new JsonParser().validate(pack.resolve("sbom/sbom.cdx.json").toFile(), Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(files.get("sbom/sbom.cdx.json"));
        assertThat(bom.path("metadata").path("supplier").path("name").asText()).isEqualTo("Example Medical Devices Inc.");
        assertThat(bom.path("metadata").path("component").path("version").asText()).isEqualTo("4.2.1");
        // the documents answer what the matrix says they answer, and the matrix says what is not covered
        String matrix = new String(files.get("traceability/traceability-matrix.md"));
        assertThat(matrix).contains("| 5.7.3 | Vulnerability testing d)").contains("| 5.7.4 | Penetration testing | not-covered")
                .contains("| V.A.1 | Threat modeling | not-covered").contains("`risk/component-risk-report.md`");
        JsonNode traces = new ObjectMapper().readTree(files.get("traceability/traceability-matrix.json")).path("items");
        for (JsonNode t : traces) {
            for (JsonNode f : t.path("files")) {
                assertThat(files).as(t.path("item").asText() + " names " + f.asText()).containsKey(f.asText());
            }
        }
        String risk = new String(files.get("risk/component-risk-report.md"));
        assertThat(risk).contains("Known vulnerabilities were not checked").contains("| zlib1g | 1:1.2.13.dfsg-1 | Mark Brown");
        String evidence = new String(files.get("evidence/cybersecurity-test-evidence.md"));
        assertThat(evidence).contains("## Sensitive data, secrets and keys").contains("sensitive.empty-password")
                .contains("## Cryptography").contains("crypto.ssh-weak-algorithms");
        assertThat(new String(files.get("architecture/security-architecture.md"))).contains("telnetd").contains("| update path |");
        JsonNode report = new ObjectMapper().readTree(files.get("report/report.json"));
        assertThat(report.path("durationMs").asLong()).isZero();
        assertThat(report.has("timings")).isFalse();

    }

    @Test
    void pack_fromAnEarlierScansFiles_isByteIdenticalWhenBuiltTwice() throws Exception {
        Path in = Files.createDirectories(dir.resolve("scan-files"));
        CliRun scan = CliRun.of("scan", fixture.toString(), "-q", "--db", "none", "--profile", profile.toString(),
                "--json", in.resolve("report.json").toString(), "--sarif", in.resolve("report.sarif").toString(),
                "--sbom-cyclonedx", in.resolve("bom.json").toString(), "--sbom-spdx", in.resolve("spdx.json").toString());
        assertThat(scan.exit()).as(scan.err()).isIn(0, 1);
        List<Map<String, byte[]>> packs = new java.util.ArrayList<>();
        for (String name : List.of("p1", "p2")) {
            Path out = dir.resolve(name);
            CliRun r = CliRun.of("submission-pack", "--out", out.toString(), "--report", in.resolve("report.json").toString(),
                    "--sarif-in", in.resolve("report.sarif").toString(), "--cyclonedx-in", in.resolve("bom.json").toString(),
                    "--spdx-in", in.resolve("spdx.json").toString());
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).contains("not signed");
            packs.add(contents(out));
        }
        assertThat(packs.get(0).keySet()).isEqualTo(packs.get(1).keySet());
        for (String f : packs.get(0).keySet()) {
            assertThat(packs.get(1).get(f)).as(f).isEqualTo(packs.get(0).get(f));
        }
        // the scan's inputs are left where they were
        assertThat(in.resolve("report.json")).exists();
    }

    @Test
    void pack_badInput_exit2BeforeAnyWork() throws Exception {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("x"), "x");
        assertThat(CliRun.of("submission-pack", fixture.toString(), "--out", used.toString()).err()).contains("not an empty directory");
        assertThat(CliRun.of("submission-pack", "--out", dir.resolve("n1").toString()).exit()).isEqualTo(2);
        assertThat(CliRun.of("submission-pack", "--out", dir.resolve("n2").toString(), "--report", "nope.json").exit()).isEqualTo(2);
        CliRun badPin = CliRun.of("submission-pack", fixture.toString(), "--out", dir.resolve("n3").toString(), "--db", "none",
                "--sign-key", "pkcs12:" + dir.resolve("signer.p12"), "--sign-password-file", dir.resolve("ext.cnf").toString());
        assertThat(badPin.exit()).isEqualTo(2);
        assertThat(dir.resolve("n3")).doesNotExist();
    }
}
