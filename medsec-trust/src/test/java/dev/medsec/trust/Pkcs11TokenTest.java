package dev.medsec.trust;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.PrivateKey;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real PKCS#11 token: SoftHSM2 initialised here, an RSA-3072 key pair generated inside it by pkcs11-tool
 * (sensitive, not extractable), a certificate for it issued by openssl and stored beside it. Signing and
 * unsealing run inside the token through SunPKCS11.
 *
 * <p>SoftHSM2 reads SOFTHSM2_CONF when the JVM loads the module; the build sets it to a file under target/
 * (see the module pom) and this test writes that file, pointing its token directory at a temporary folder.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Pkcs11TokenTest {
    static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";
    static final String PIN = "402915";
    static final String LABEL = "medsec-device";
    static final String OBJECT = "device-key";

    @TempDir
    static Path dir;
    static TestPki pki;
    static long slot;
    static byte[] firmware;

    @BeforeAll
    static void token() throws Exception {
        Tools.require("softhsm2-util");
        Tools.require("pkcs11-tool");
        String conf = System.getenv("SOFTHSM2_CONF");
        Assumptions.assumeTrue(conf != null, "SOFTHSM2_CONF not set (the module's surefire configuration sets it): test skipped");
        Assumptions.assumeTrue(Files.isRegularFile(Path.of(MODULE)), "SoftHSM2 module not installed: test skipped");
        Path tokens = Files.createDirectories(dir.resolve("tokens"));
        Files.createDirectories(Path.of(conf).getParent());
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");
        pki = TestPki.create(dir);
        String init = Tools.sh(dir, "softhsm2-util --init-token --free --label " + LABEL + " --so-pin 11223344 --pin " + PIN);
        Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(init);
        assertThat(m.find()).as(init).isTrue();
        slot = Long.parseLong(m.group(1));
        String p11 = "pkcs11-tool --module " + MODULE + " --token-label " + LABEL + " --login --pin " + PIN;
        Tools.sh(dir, p11 + " --keypairgen --key-type rsa:3072 --label " + OBJECT + " --id 01 --sensitive --usage-sign --usage-decrypt 2>&1");
        Tools.sh(dir, p11 + " --read-object --type pubkey --id 01 -o pub.der 2>&1");
        Tools.sh(dir, "openssl pkey -pubin -inform DER -in pub.der -out pub.pem");
        // The certificate carries the token's public key; the CSR only supplies the subject.
        Tools.sh(dir, "openssl req -new -newkey rsa:2048 -nodes -keyout dummy.key -out dummy.csr -subj '/O=Medsec Test/CN=" + OBJECT + "' 2>&1");
        Tools.sh(dir, "openssl x509 -req -in dummy.csr -CA ca.pem -CAkey ca.key -force_pubkey pub.pem -set_serial 77 -days 365"
                + " -extfile ext.cnf -extensions tokenkey -outform DER -out device.der 2>&1");
        Tools.sh(dir, "openssl x509 -inform DER -in device.der -out device.pem");
        Tools.sh(dir, p11 + " --write-object device.der --type cert --label " + OBJECT + " --id 01 2>&1");
        Files.writeString(dir.resolve("pin.txt"), PIN + "\n");
        firmware = new byte[2048];
        new Random(11).nextBytes(firmware);
        Files.write(dir.resolve("fw.bin"), firmware);
    }

    static String uri(String path) {
        return "pkcs11:" + path + "?module-path=" + MODULE + "&pin-source=file:" + dir.resolve("pin.txt");
    }

    static PrivateKeyHandle tokenKey() throws KeyAccessException {
        return Keys.open(KeyRef.parse(uri("slot-id=" + slot + ";object=" + OBJECT)), PasswordSource.none());
    }

    @Test
    void open_slotIdUri_returnsNonExtractableTokenKey() throws Exception {
        PrivateKeyHandle h = tokenKey();
        assertThat(h.inToken()).isTrue();
        assertThat(h.key().getEncoded()).as("a token key has no encoding outside the token").isNull();
        assertThat(h.key().getClass().getName()).startsWith("sun.security.pkcs11.P11Key");
        assertThat(h.certificate()).isEqualTo(pki.cert("device"));
        KeyStore ks = KeyStore.getInstance("PKCS11", h.provider());
        ks.load(null, PIN.toCharArray());
        PrivateKey again = (PrivateKey) ks.getKey(OBJECT, null);
        assertThat(again.getEncoded()).isNull();
        assertThat(again.toString()).contains("sensitive, unextractable");
    }

    @Test
    void open_tokenLabelUri_findsTheSlot() throws Exception {
        PrivateKeyHandle h = Keys.open(KeyRef.parse(uri("token=" + LABEL + ";object=" + OBJECT)), PasswordSource.none());
        assertThat(h.certificate()).isEqualTo(pki.cert("device"));
    }

    /**
     * Runs first: once any caller in this process has logged in to the token, PKCS#11 keeps the token logged
     * in for the whole application (a property of the standard, not of this API), and SunPKCS11 then skips
     * the PIN check.
     */
    @Test
    @Order(1)
    void open_wrongPin_refused() throws Exception {
        Files.writeString(dir.resolve("bad-pin.txt"), "999999\n");
        String u = "pkcs11:slot-id=" + slot + ";object=" + OBJECT + "?module-path=" + MODULE + "&pin-source=file:" + dir.resolve("bad-pin.txt");
        assertThatThrownBy(() -> Keys.open(KeyRef.parse(u), PasswordSource.none()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("login failed: wrong PIN (CKR_PIN_INCORRECT)");
        // by token label: every slot refuses the PIN, so the message is the PIN's, not "object not found"
        String byLabel = "pkcs11:token=" + LABEL + ";object=" + OBJECT + "?module-path=" + MODULE + "&pin-source=file:"
                + dir.resolve("bad-pin.txt");
        assertThatThrownBy(() -> Keys.open(KeyRef.parse(byLabel), PasswordSource.none()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("wrong PIN");
    }

    @Test
    void open_unknownObject_refused() {
        assertThatThrownBy(() -> Keys.open(KeyRef.parse(uri("slot-id=" + slot + ";object=nope")), PasswordSource.none()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("labelled nope")
                .hasMessageContaining("pkcs11-tool --login --write-object");
        assertThatThrownBy(() -> Keys.open(KeyRef.parse(uri("token=" + LABEL + ";object=nope")), PasswordSource.none()))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("accepted the PIN but has no private key labelled nope");
    }

    @Test
    void privateKey_exportAttempts_fail() throws Exception {
        // The token's own view: generated inside, sensitive since birth, never extractable.
        String objects = Tools.sh(dir, "pkcs11-tool --module " + MODULE + " --token-label " + LABEL + " --login --pin " + PIN + " --list-objects --type privkey");
        assertThat(objects).contains("always sensitive").contains("never extractable").contains("local");
        // An export attempt through PKCS#11 itself: C_GetAttributeValue on the private exponent is refused.
        PrivateKeyHandle h = tokenKey();
        assertThatThrownBy(() -> KeyFactory.getInstance("RSA", h.provider()).getKeySpec(h.key(), RSAPrivateCrtKeySpec.class))
                .isInstanceOf(InvalidKeySpecException.class);
        assertThatThrownBy(() -> KeyFactory.getInstance("RSA", h.provider()).getKeySpec(h.key(), PKCS8EncodedKeySpec.class))
                .isInstanceOf(InvalidKeySpecException.class);
        // pkcs11-tool has no way to read it either: it writes nothing.
        Tools.sh(dir, "pkcs11-tool --module " + MODULE + " --token-label " + LABEL + " --login --pin " + PIN
                + " --read-object --type privkey --id 01 -o stolen.der 2>&1 || true");
        assertThat(dir.resolve("stolen.der")).doesNotExist();
    }

    @Test
    void sign_inToken_verifiesHereAndWithOpenssl() throws Exception {
        for (SignatureProfile profile : List.of(SignatureProfile.RSA_PSS_SHA256, SignatureProfile.RSA_PKCS1_SHA256, SignatureProfile.RSA_PSS_SHA384)) {
            byte[] p7s = DetachedSigner.create(tokenKey(), profile).sign(dir.resolve("fw.bin"));
            DetachedVerifier.builder().trustAnchor(pki.root()).build().verify(firmware, p7s);
            Files.write(dir.resolve("fw.p7s"), p7s);
            String out = Tools.sh(dir, "openssl cms -verify -binary -inform DER -in fw.p7s -content fw.bin -CAfile ca.pem -purpose any -out /dev/null 2>&1");
            assertThat(out).contains("Verification successful");
        }
    }

    @Test
    void unseal_inToken_opensOursAndOpenssls() throws Exception {
        byte[] record = "patient 4711, HbA1c 6.1 %".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] ours = Sealer.forRecipients(List.of(pki.cert("device"))).seal(record);
        assertThat(Unsealer.of(tokenKey()).open(ours)).isEqualTo(record);
        Files.write(dir.resolve("record.txt"), record);
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-gcm -in record.txt -outform DER -out o.p7m -recip device.pem"
                + " -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256");
        assertThat(Unsealer.of(tokenKey()).open(Files.readAllBytes(dir.resolve("o.p7m")))).isEqualTo(record);
    }

    @Test
    void unseal_inToken_alteredTagRefused() throws Exception {
        byte[] sealed = Sealer.forRecipients(List.of(pki.cert("device"))).seal(new byte[100]);
        sealed[sealed.length - 1] ^= 0x01;
        assertThatThrownBy(() -> Unsealer.of(tokenKey()).open(sealed))
                .isInstanceOf(VerificationException.class).hasMessageContaining("authentication tag");
    }
}
