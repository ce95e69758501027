package dev.medsec.checks.sensitive;

import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PrivateKeyPemCheckTest {
    @TempDir
    static Path keys;
    @TempDir
    Path tmp;

    @BeforeAll
    static void makeKeys() {
        Tools.require("openssl");
        Tools.require("ssh-keygen");
        Tools.sh(keys, "openssl genrsa -traditional -out rsa1.pem 2048 2>/dev/null"
                + " && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec8.pem"
                + " && openssl ec -in ec8.pem -out sec1.pem 2>/dev/null"
                + " && openssl genpkey -algorithm ED25519 -out ed.pem"
                + " && openssl pkcs8 -topk8 -in rsa1.pem -out enc-v2.pem -passout pass:s3cret-Pass -v2 aes-256-cbc"
                + " && openssl pkcs8 -topk8 -in rsa1.pem -out enc-default.pem -passout pass:s3cret-Pass"
                + " && openssl pkcs8 -topk8 -in rsa1.pem -out enc-strong.pem -passout pass:s3cret-Pass -v2 aes-256-cbc -iter 600000"
                + " && openssl pkcs8 -topk8 -in rsa1.pem -out enc-v1.pem -passout pass:s3cret-Pass -v1 PBE-MD5-DES -provider legacy -provider default"
                + " && openssl rsa -in rsa1.pem -aes256 -traditional -passout pass:s3cret-Pass -out legacy.pem 2>/dev/null"
                + " && openssl rsa -in rsa1.pem -pubout -out pub.pem 2>/dev/null"
                + " && openssl req -x509 -key rsa1.pem -subj /CN=device -days 1 -out cert.pem"
                + " && ssh-keygen -q -t ed25519 -N '' -f ssh_plain"
                + " && ssh-keygen -q -t rsa -b 3072 -N 'pass phrase' -f ssh_enc"
                + " && openssl pkcs8 -topk8 -nocrypt -in ec8.pem -outform DER -out ec8.der");
    }

    private static byte[] read(String name) throws IOException {
        return Files.readAllBytes(keys.resolve(name));
    }

    @Test
    void inspect_unencryptedKeys_reportsTypeAndSize() throws IOException {
        CheckTester.of(new PrivateKeyPemCheck(), tmp)
                .file("/etc/ssl/private/rsa.pem", read("rsa1.pem"))
                .file("/etc/ssl/private/ec.pem", read("ec8.pem"))
                .file("/etc/ssl/private/sec1.pem", read("sec1.pem"))
                .file("/etc/ssl/private/ed.pem", read("ed.pem"))
                .file("/root/.ssh/id_ed25519", read("ssh_plain"))
                .expect("/etc/ssl/private/rsa.pem", f -> f.severity() == Severity.HIGH
                        && f.evidence().get("keyType").equals("RSA") && f.evidence().get("keySize").equals(2048)
                        && f.evidence().get("format").equals("PKCS#1"))
                .expect("/etc/ssl/private/ec.pem", f -> f.evidence().get("curve").equals("prime256v1")
                        && f.evidence().get("format").equals("PKCS#8"))
                .expect("/etc/ssl/private/sec1.pem", f -> f.evidence().get("format").equals("SEC1")
                        && f.evidence().get("keySize").equals(256))
                .expect("/etc/ssl/private/ed.pem", f -> f.evidence().get("keyType").equals("Ed25519"))
                .expect("/root/.ssh/id_ed25519", f -> f.severity() == Severity.HIGH
                        && f.evidence().get("format").equals("OpenSSH") && f.evidence().get("keyType").equals("Ed25519"))
                .run();
    }

    /**
     * An encrypted key is low with its KDF and cipher named; weak protection is medium: PBES1, MD5-based legacy
     * PEM encryption, and PBKDF2 below the 10,000 iterations of SP 800-63B (OpenSSL's default is 2,048).
     */
    @Test
    void inspect_encryptedKeys_lowWithKdfAndWeakOnesMedium() throws IOException {
        CheckTester.of(new PrivateKeyPemCheck(), tmp)
                .file("/k/enc-strong.pem", read("enc-strong.pem"))
                .file("/k/enc-v2.pem", read("enc-v2.pem"))
                .file("/k/enc-default.pem", read("enc-default.pem"))
                .file("/k/enc-v1.pem", read("enc-v1.pem"))
                .file("/k/legacy.pem", read("legacy.pem"))
                .file("/k/ssh_enc", read("ssh_enc"))
                .expect("/k/enc-strong.pem", f -> f.severity() == Severity.LOW
                        && f.evidence().get("kdf").toString().equals("PBKDF2-HMAC-SHA256 (600000 iterations)")
                        && f.evidence().get("cipher").toString().contains("AES"))
                .expect("/k/enc-v2.pem", f -> f.severity() == Severity.MEDIUM
                        && f.message().contains("2048 iterations, fewer than the 10000 SP 800-63B asks for"))
                .expect("/k/enc-default.pem", f -> f.severity() == Severity.MEDIUM)
                .expect("/k/enc-v1.pem", f -> f.severity() == Severity.MEDIUM
                        && f.evidence().get("kdf").toString().startsWith("PBES1"))
                .expect("/k/legacy.pem", f -> f.severity() == Severity.MEDIUM
                        && f.evidence().get("kdf").toString().contains("MD5")
                        && f.evidence().get("keyType").equals("RSA"))
                .expect("/k/ssh_enc", f -> f.severity() == Severity.LOW
                        && f.evidence().get("kdf").toString().startsWith("bcrypt")
                        && f.evidence().get("keySize").equals(3072))
                .run();
    }

    @Test
    void inspect_publicKeysCertificatesAndProse_noFinding() throws IOException {
        String prose = "To create a key run openssl genrsa; the file starts with -----BEGIN RSA PRIVATE KEY-----\n"
                + "and ends with -----END RSA PRIVATE KEY----- lines.\n";
        String truncated = new String(read("rsa1.pem"), StandardCharsets.US_ASCII);
        truncated = truncated.substring(0, truncated.length() / 2);
        String corrupted = new String(read("rsa1.pem"), StandardCharsets.US_ASCII).replace("MII", "MIJ");
        CheckTester.of(new PrivateKeyPemCheck(), tmp)
                .file("/etc/ssl/pub.pem", read("pub.pem"))
                .file("/etc/ssl/cert.pem", read("cert.pem"))
                .file("/root/.ssh/id_ed25519.pub", read("ssh_plain.pub"))
                .text("/usr/share/doc/howto.txt", prose)
                .text("/tmp/truncated.pem", truncated)
                .text("/tmp/corrupted.pem", corrupted)
                .run();
    }

    @Test
    void inspect_keyEmbeddedInBinary_reportsOffset() throws IOException {
        Tools.require("gcc");
        String pem = new String(read("sec1.pem"), StandardCharsets.US_ASCII);
        String c = "#include <stdio.h>\nstatic const char key[] = \""
                + pem.replace("\n", "\\n") + "\";\nint main(void){ puts(key); return 0; }\n";
        Files.writeString(tmp.resolve("app.c"), c);
        Tools.run(tmp, "gcc", "-O0", "-o", "app", "app.c");
        CheckTester.of(new PrivateKeyPemCheck(), tmp)
                .file("/usr/bin/app", tmp.resolve("app"))
                .expect("/usr/bin/app", f -> f.evidence().containsKey("offset") && f.severity() == Severity.HIGH)
                .run();
    }

    @Test
    void inspect_gnutlsSelfTestKeys_infoAsPublishedTestKeys(@TempDir Path deb) throws IOException {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Tools.sh(deb, "apt-get download -q libgnutls30 >/dev/null 2>&1 && dpkg-deb -x libgnutls30_*.deb root");
        Path lib;
        try (var s = Files.walk(deb.resolve("root"))) {
            lib = s.filter(p -> p.getFileName().toString().startsWith("libgnutls.so.30.")).findFirst().orElseThrow();
        }
        CheckTester.Result r = CheckTester.of(new PrivateKeyPemCheck(), tmp).file("/usr/lib/libgnutls.so.30", lib).runUnchecked();
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).hasSizeGreaterThanOrEqualTo(3)
                .allMatch(f -> f.severity() == Severity.INFO && f.evidence().get("knownTestKey").toString().startsWith("GnuTLS"));
    }

    @Test
    void inspect_evidence_neverContainsKeyMaterial() throws IOException {
        byte[] key = read("rsa1.pem");
        var result = CheckTester.of(new PrivateKeyPemCheck(), tmp).file("/k.pem", key).expect("/k.pem").run();
        String body = new String(key, StandardCharsets.US_ASCII).lines().skip(1).findFirst().orElseThrow();
        assertThat(result.findings().get(0).evidence().toString()).doesNotContain(body.substring(0, 20));
    }

    /** PuTTY keys as puttygen writes them: unencrypted high, PPK v3 (Argon2id) low, PPK v2 (one SHA-1 round) medium. */
    @Test
    void inspect_puttyKeys_reportedBySizeAndProtection_truncatedAndProseIgnored() throws IOException {
        Tools.require("puttygen");
        Tools.sh(keys, "rm -f p-plain.ppk p-v3.ppk p-v2.ppk && printf 'pass phrase 1\\n' > ppk-pw"
                + " && puttygen -q -t ed25519 -o p-plain.ppk --new-passphrase /dev/null"
                + " && puttygen -q -t rsa -b 2048 -o p-v3.ppk --new-passphrase ppk-pw"
                + " && puttygen -q -t rsa -b 2048 -o p-v2.ppk --new-passphrase ppk-pw --ppk-param version=2"
                + " && head -n 6 p-plain.ppk > p-truncated.ppk");
        CheckTester.of(new PrivateKeyPemCheck(), tmp)
                .file("/home/svc/.ssh/p-plain.ppk", read("p-plain.ppk"))
                .file("/home/svc/.ssh/p-v3.ppk", read("p-v3.ppk"))
                .file("/home/svc/.ssh/p-v2.ppk", read("p-v2.ppk"))
                .file("/home/svc/.ssh/p-truncated.ppk", read("p-truncated.ppk"))
                .text("/usr/share/doc/putty/README", "A key file starts with PuTTY-User-Key-File-3: and a key type.\n")
                .expect("/home/svc/.ssh/p-plain.ppk", f -> f.severity() == Severity.HIGH
                        && f.message().equals("Unencrypted Ed25519 256-bit private key (PuTTY PPK v3)"))
                .expect("/home/svc/.ssh/p-v3.ppk", f -> f.severity() == Severity.LOW
                        && f.evidence().get("kdf").toString().startsWith("Argon2id (memory ")
                        && f.evidence().get("keySize").equals(2048))
                .expect("/home/svc/.ssh/p-v2.ppk", f -> f.severity() == Severity.MEDIUM
                        && f.message().contains("one unsalted SHA-1 round"))
                .run();
    }
}
