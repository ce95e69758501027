package dev.medsec.checks.sensitive;

import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class KeystoreAndDerKeyTest {
    @TempDir
    static Path keys;
    @TempDir
    Path tmp;

    @BeforeAll
    static void makeStores() {
        Tools.require("openssl");
        Tools.require("keytool");
        Tools.sh(keys, "openssl genrsa -out rsa.pem 2048 2>/dev/null"
                + " && openssl req -x509 -key rsa.pem -subj /CN=device -days 1 -out cert.pem"
                + " && openssl pkcs12 -export -inkey rsa.pem -in cert.pem -passout pass: -out empty.p12"
                + " && openssl pkcs12 -export -inkey rsa.pem -in cert.pem -passout pass:Xk7-long-Device-Secret -out strong.p12"
                + " && openssl pkcs12 -export -inkey rsa.pem -in cert.pem -passout pass:changeit -iter 2000000 -out slow.p12"
                + " && head -c 1200 empty.p12 > truncated.p12"
                + " && keytool -genkeypair -keystore changeit.jks -storetype JKS -storepass changeit -keypass changeit"
                + "    -alias device -keyalg EC -groupname secp256r1 -dname CN=device 2>/dev/null"
                + " && keytool -genkeypair -keystore changeit.p12 -storetype PKCS12 -storepass changeit"
                + "    -alias device -keyalg RSA -keysize 2048 -dname CN=device 2>/dev/null"
                + " && keytool -genkeypair -keystore empty-key.jceks -storetype JCEKS -storepass password -keypass password"
                + "    -alias device -keyalg RSA -keysize 2048 -dname CN=device 2>/dev/null"
                + " && keytool -genkeypair -keystore strong.jks -storetype JKS -storepass 'Ql9#store-Pass' -keypass 'Ql9#store-Pass'"
                + "    -alias device -keyalg RSA -keysize 2048 -dname CN=device 2>/dev/null"
                + " && keytool -importcert -noprompt -keystore trust.jks -storetype JKS -storepass changeit -alias ca -file cert.pem 2>/dev/null"
                + " && openssl pkcs8 -topk8 -nocrypt -in rsa.pem -outform DER -out rsa8.der"
                + " && openssl rsa -in rsa.pem -outform DER -traditional -out rsa1.der 2>/dev/null"
                + " && openssl ecparam -name secp384r1 -genkey -noout -outform DER -out ec.der"
                + " && openssl pkcs8 -topk8 -in rsa.pem -outform DER -passout pass:s3cret-Pass -out enc8.der"
                + " && openssl rsa -in rsa.pem -pubout -outform DER -out pub.der 2>/dev/null"
                + " && openssl x509 -in cert.pem -outform DER -out cert.der");
    }

    private static Path k(String name) {
        return keys.resolve(name);
    }

    @Test
    void inspect_storesWithTrivialPasswords_reported() {
        CheckTester.of(new KeystoreTrivialPasswordCheck(), tmp)
                .file("/opt/app/empty.p12", k("empty.p12"))
                .file("/opt/app/changeit.jks", k("changeit.jks"))
                .file("/opt/app/changeit.p12", k("changeit.p12"))
                .file("/opt/app/device.jceks", k("empty-key.jceks"))
                .expect("/opt/app/device.jceks", f -> f.evidence().get("storeType").equals("JCEKS")
                        && f.evidence().get("password").toString().contains("'password'"))
                .expect("/opt/app/empty.p12", f -> f.evidence().get("password").equals("an empty password")
                        && f.evidence().get("keySize").equals(2048))
                .expect("/opt/app/changeit.jks", f -> f.evidence().get("storeType").equals("JKS")
                        && f.evidence().get("keyType").equals("EC"))
                .expect("/opt/app/changeit.p12", f -> f.evidence().get("password").toString().contains("changeit"))
                .run();
    }

    /**
     * A PKCS#12 that asks for more key-derivation iterations than any tool writes (here 2,000,000 from openssl
     * -iter; a crafted one asks for 10^9), and one cut short: no password is tried, each is an error entry — the
     * trivial password of the first is not reported, but it is never a silent "no key".
     */
    @Test
    void inspect_iterationBombAndTruncatedPkcs12_errorEntriesNoPasswordTried() {
        long t0 = System.nanoTime();
        CheckTester.Result r = CheckTester.of(new KeystoreTrivialPasswordCheck(), tmp).allowErrors()
                .file("/opt/app/slow.p12", k("slow.p12"))
                .file("/opt/app/truncated.p12", k("truncated.p12"))
                .run();
        assertThat(r.errors()).extracting(e -> e.path() + ": " + e.message()).anyMatch(m -> m.startsWith(
                        "/opt/app/slow.p12: ") && m.contains("PKCS#12 asks for 2000000 key-derivation iterations, more than 1000000"))
                .anyMatch(m -> m.startsWith("/opt/app/truncated.p12: ") && m.contains("does not parse"));
        // no KDF run of two million iterations per password: well under the time of one
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }

    @Test
    void inspect_strongPasswordsAndTrustStores_noFinding() {
        CheckTester.of(new KeystoreTrivialPasswordCheck(), tmp)
                .file("/opt/app/strong.p12", k("strong.p12"))
                .file("/opt/app/strong.jks", k("strong.jks"))
                .file("/etc/ssl/certs/java/cacerts", k("trust.jks"))
                .run();
    }

    @Test
    void inspect_derKeys_reportedWithFormat() {
        CheckTester.of(new PrivateKeyDerCheck(), tmp)
                .file("/k/rsa8.der", k("rsa8.der"))
                .file("/k/rsa1.der", k("rsa1.der"))
                .file("/k/ec.der", k("ec.der"))
                .file("/k/enc8.der", k("enc8.der"))
                .expect("/k/rsa8.der", f -> f.evidence().get("format").equals("PKCS#8 (DER)")
                        && f.evidence().get("keySize").equals(2048))
                .expect("/k/rsa1.der", f -> f.evidence().get("format").equals("PKCS#1 (DER)"))
                .expect("/k/ec.der", f -> f.evidence().get("keySize").equals(384))
                .expect("/k/enc8.der", f -> f.severity() == Severity.MEDIUM)
                .run();
    }

    @Test
    void inspect_publicKeysCertificatesAndRandomDer_noFinding() throws IOException {
        byte[] random = new byte[1200];
        new SecureRandom().nextBytes(random);
        random[0] = 0x30;
        random[1] = (byte) 0x82;
        Files.write(tmp.resolve("random.bin"), random);
        CheckTester.of(new PrivateKeyDerCheck(), tmp)
                .file("/k/pub.der", k("pub.der"))
                .file("/k/cert.der", k("cert.der"))
                .file("/k/random.bin", tmp.resolve("random.bin"))
                .run();
    }
}
