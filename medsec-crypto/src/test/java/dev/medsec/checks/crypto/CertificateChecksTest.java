package dev.medsec.checks.crypto;

import dev.medsec.testkit.DebianPackages;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CertificateContainers made by openssl and keytool, as a device build would make them. */
class CertificateChecksTest {
    @TempDir
    static Path certs;
    @TempDir
    Path tmp;

    @BeforeAll
    static void makeCertificates() {
        Tools.require("openssl");
        Tools.require("keytool");
        Tools.sh(certs, String.join(" && ",
                "openssl req -x509 -newkey rsa:1024 -nodes -keyout weak.key -out rsa1024.pem -subj /CN=weak -days 30",
                "openssl ecparam -name prime192v1 -genkey -noout -out ec192.key",
                "openssl req -x509 -key ec192.key -out ec192.pem -subj /CN=ec192 -days 30",
                "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec256.key -out ec256.pem"
                        + " -subj /CN=ec256 -days 30 -addext basicConstraints=critical,CA:false"
                        + " -addext subjectAltName=DNS:device.local",
                "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca-sha1.pem -subj /CN=root -days 30 -sha1",
                "openssl req -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr -subj /CN=leaf",
                "openssl x509 -req -in leaf.csr -CA ca-sha1.pem -CAkey ca.key -sha1 -days 10 -out leaf-sha1.pem",
                "openssl x509 -req -in leaf.csr -CA ca-sha1.pem -CAkey ca.key -sha256 -days 10 -out leaf-sha256.pem",
                "openssl x509 -in rsa1024.pem -outform der -out rsa1024.der",
                "openssl req -x509 -newkey rsa:2048 -nodes -keyout dev.key -out leaf-ca.pem -subj /CN=device -days 30"
                        + " -addext subjectAltName=DNS:device.local",
                "cat leaf-sha256.pem ca-sha1.pem rsa1024.pem > bundle.pem",
                "keytool -importcert -noprompt -alias weak -file rsa1024.pem -keystore weak.jks -storetype JKS"
                        + " -storepass secret123",
                "keytool -importcert -noprompt -alias weak -file rsa1024.pem -keystore weak.p12 -storetype PKCS12"
                        + " -storepass changeit"));
        // OpenSSH private keys (the default format since OpenSSH 7.8), alone and in front of a certificate
        Tools.require("ssh-keygen");
        Tools.sh(certs, "ssh-keygen -q -t ed25519 -N '' -f ssh_host_ed25519_key && cat ssh_host_ed25519_key rsa1024.pem > key-then-cert.pem");
    }

    @Test
    void weakKey_rsa1024InPemDerJksP12AndEc192_reported() {
        CheckTester.of(new CertWeakKey(), tmp)
                .file("/etc/ssl/weak.pem", certs.resolve("rsa1024.pem"))
                .file("/etc/ssl/weak.der", certs.resolve("rsa1024.der"))
                .file("/opt/app/trust.jks", certs.resolve("weak.jks"))
                .file("/opt/app/trust.p12", certs.resolve("weak.p12"))
                .file("/etc/ssl/ec192.pem", certs.resolve("ec192.pem"))
                .expect("/etc/ssl/weak.pem", f -> f.evidence().get("keyBits").equals(1024))
                .expect("/etc/ssl/weak.der", f -> f.evidence().get("keyBits").equals(1024))
                .expect("/opt/app/trust.jks", f -> f.evidence().get("certificate").equals("keystore:weak"))
                .expect("/opt/app/trust.p12", f -> f.evidence().get("keyBits").equals(1024))
                .expect("/etc/ssl/ec192.pem", f -> f.evidence().get("keyBits").equals(192))
                .run();
    }

    @Test
    void weakKey_bundle_onlyWeakMemberReported() {
        CheckTester.of(new CertWeakKey(), tmp)
                .file("/etc/ssl/bundle.pem", certs.resolve("bundle.pem"))
                .file("/etc/ssl/ec256.pem", certs.resolve("ec256.pem"))
                .expect("/etc/ssl/bundle.pem", f -> f.evidence().get("certificate").equals("pem#2")
                        && f.evidence().get("subject").equals("CN=weak"))
                .run();
    }

    /** An OpenSSH private key holds no certificate: no error entry, and a certificate after it is still read. */
    @Test
    void weakKey_opensshPrivateKey_noErrorAndFollowingCertificateRead() {
        CheckTester.of(new CertWeakKey(), tmp)
                .file("/etc/ssh/ssh_host_ed25519_key", certs.resolve("ssh_host_ed25519_key"))
                .file("/etc/ssl/key-then-cert.pem", certs.resolve("key-then-cert.pem"))
                .expect("/etc/ssl/key-then-cert.pem", f -> f.evidence().get("keyBits").equals(1024)
                        && f.evidence().get("certificate").equals("pem#1"))
                .run();
    }

    @Test
    void weakKey_truncatedDer_errorNotCrash() throws Exception {
        byte[] der = java.nio.file.Files.readAllBytes(certs.resolve("rsa1024.der"));
        var r = CheckTester.of(new CertWeakKey(), tmp).file("/x.der", java.util.Arrays.copyOf(der, 200))
                .allowErrors().run();
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void weakSignature_sha1Leaf_reported_selfSignedSha1RootAndSha256Clean() {
        CheckTester.of(new CertWeakSignature(), tmp)
                .file("/etc/ssl/leaf-sha1.pem", certs.resolve("leaf-sha1.pem"))
                .file("/etc/ssl/leaf-sha256.pem", certs.resolve("leaf-sha256.pem"))
                .file("/etc/ssl/root.pem", certs.resolve("ca-sha1.pem"))
                .expect("/etc/ssl/leaf-sha1.pem", f -> f.evidence().get("signatureAlgorithm").toString().contains("SHA1"))
                .run();
    }

    @Test
    void leafIsCa_selfSignedDeviceCertWithSan_reported_rootAndProperLeafClean() {
        CheckTester.of(new CertLeafIsCa(), tmp)
                .file("/etc/ssl/device.pem", certs.resolve("leaf-ca.pem"))
                .file("/etc/ssl/root.pem", certs.resolve("ca-sha1.pem"))
                .file("/etc/ssl/ec256.pem", certs.resolve("ec256.pem"))
                .expect("/etc/ssl/device.pem")
                .run();
    }

    @Test
    void leafIsCaAndValidity_debianTrustStore_noLeafFindingsExpiredRootsLow() throws Exception {
        Path root = DebianPackages.extract(tmp.resolve("deb"), "ca-certificates");
        CheckTester leaf = CheckTester.of(new CertLeafIsCa(), tmp);
        CheckTester validity = CheckTester.of(new CertValidity(), tmp)
                .settings(ScanSettings.defaults().withNow(Instant.parse("2026-01-01T00:00:00Z")));
        try (var s = java.nio.file.Files.walk(root.resolve("usr/share/ca-certificates"))) {
            for (Path p : s.filter(java.nio.file.Files::isRegularFile).toList()) {
                String imagePath = "/" + root.relativize(p);
                leaf.file(imagePath, p);
                validity.file(imagePath, p);
            }
        }
        leaf.run();
        var r = validity.runUnchecked();
        assertThat(r.findings()).isNotEmpty().allSatisfy(f -> assertThat(f.severity())
                .isEqualTo(dev.medsec.core.Severity.LOW));
    }

    @Test
    void validity_expiredAndNotYetValid_byScanTime() {
        CheckTester.of(new CertValidity(), tmp)
                .file("/etc/ssl/ec256.pem", certs.resolve("ec256.pem"))
                .settings(ScanSettings.defaults().withNow(Instant.parse("2100-01-01T00:00:00Z")))
                .expect("/etc/ssl/ec256.pem", f -> f.message().contains("expired"))
                .run();
        CheckTester.of(new CertValidity(), tmp)
                .file("/etc/ssl/ec256.pem", certs.resolve("ec256.pem"))
                .settings(ScanSettings.defaults().withNow(Instant.parse("2001-01-01T00:00:00Z")))
                .expect("/etc/ssl/ec256.pem", f -> f.message().contains("not valid before"))
                .run();
        CheckTester.of(new CertValidity(), tmp)
                .file("/etc/ssl/ec256.pem", certs.resolve("ec256.pem"))
                .run();
    }

    @Test
    void inventory_listsEveryCertificate_asSection() {
        var r = CheckTester.of(new CertInventory(), tmp)
                .file("/etc/ssl/bundle.pem", certs.resolve("bundle.pem"))
                .file("/opt/app/trust.jks", certs.resolve("weak.jks"))
                .text("/etc/motd", "hello")
                .run();
        @SuppressWarnings("unchecked")
        List<CertInventory.Row> rows = (List<CertInventory.Row>) r.sections().get("certificates");
        assertThat(rows).extracting(CertInventory.Row::subject).containsExactly("CN=leaf", "CN=root", "CN=weak",
                "CN=weak");
        assertThat(rows.get(0).key()).isEqualTo("RSA 2048");
    }
}
