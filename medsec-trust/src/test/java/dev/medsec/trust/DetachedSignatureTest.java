package dev.medsec.trust;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetachedSignatureTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static Path firmware;

    @BeforeAll
    static void pki() throws Exception {
        pki = TestPki.create(dir)
                .issue("rsa3072", "rsa:3072", "signer")
                .issue("rsa2048", "rsa:2048", "signer")
                .issue("rsa1024", "rsa:1024", "signer")
                .issue("p256", "ec:P-256", "signer")
                .issue("p384", "ec:P-384", "signer")
                .issue("ed", "ed25519", "signer")
                .issue("nodigsig", "key:rsa3072", "nodigsig")
                .issue("tlsonly", "key:rsa3072", "serverauth")
                .issue("subca", "rsa:3072", "subca")
                .issue("leaf", "ec:P-256", "signer", "subca", "");
        byte[] data = new byte[4096];
        new Random(42).nextBytes(data);
        firmware = dir.resolve("update.bin");
        Files.write(firmware, data);
    }

    @ParameterizedTest
    @EnumSource(value = SignatureProfile.class)
    void sign_eachProfile_verifiesAgainstRoot(SignatureProfile profile) throws Exception {
        String name = keyFor(profile);
        byte[] p7s = DetachedSigner.create(pki.key(name), profile).sign(firmware);
        pki.verifier().verify(firmware, p7s);
        DetachedVerifier.Parsed parsed = DetachedVerifier.parse(p7s);
        assertThat(parsed.profile()).isEqualTo(profile);
    }

    private static String keyFor(SignatureProfile p) {
        switch (p) {
            case ECDSA_P256_SHA256:
                return "p256";
            case ECDSA_P384_SHA384:
                return "p384";
            case ED25519:
                return "ed";
            default:
                return "rsa3072";
        }
    }

    @Test
    void create_rsa2048Key_refusedForSigning() {
        assertThatThrownBy(() -> DetachedSigner.create(pki.key("rsa2048")))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("2048 bits is below the 3072-bit minimum");
    }

    @Test
    void create_profileForOtherKeyType_refused() {
        assertThatThrownBy(() -> DetachedSigner.create(pki.key("p256"), SignatureProfile.ECDSA_P384_SHA384))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("needs a EC P-384 key");
    }

    @Test
    void verify_otherFile_rejectedAsAltered() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("rsa3072")).sign(firmware);
        assertThatThrownBy(() -> pki.verifier().verify("other".getBytes(StandardCharsets.UTF_8), p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("file was altered");
    }

    @Test
    void verify_intermediateCa_chainsToRoot() throws Exception {
        PrivateKeyHandle leaf = pki.key("leaf").withChain(List.of(pki.cert("leaf"), pki.cert("subca")));
        byte[] p7s = DetachedSigner.create(leaf).sign(firmware);
        pki.verifier().verify(firmware, p7s);
    }

    @Test
    void verify_intermediateMissing_rejected() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("leaf")).sign(firmware);
        assertThatThrownBy(() -> pki.verifier().verify(firmware, p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("does not chain to a trust anchor");
    }

    @Test
    void verify_untrustedAnchor_rejected() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("rsa3072")).sign(firmware);
        DetachedVerifier other = DetachedVerifier.builder().trustAnchor(pki.cert("subca")).build();
        assertThatThrownBy(() -> other.verify(firmware, p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("does not chain to a trust anchor");
    }

    @Test
    void verify_requiredSignerMatches_accepted() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("rsa3072")).sign(firmware);
        DetachedVerifier.builder().trustAnchor(pki.root()).requireSigner("CN=rsa3072, O=Medsec Test").build().verify(firmware, p7s);
    }

    @Test
    void verify_requiredSignerDiffers_rejected() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("p256")).sign(firmware);
        DetachedVerifier v = DetachedVerifier.builder().trustAnchor(pki.root()).requireSigner("CN=rsa3072,O=Medsec Test").build();
        assertThatThrownBy(() -> v.verify(firmware, p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("not the required CN=rsa3072");
    }

    @Test
    void verify_signerWithoutDigitalSignature_rejected() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("nodigsig")).sign(firmware);
        assertThatThrownBy(() -> pki.verifier().verify(firmware, p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("does not allow digitalSignature");
    }

    @Test
    void verify_signerForTlsOnly_rejected() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("tlsonly")).sign(firmware);
        assertThatThrownBy(() -> pki.verifier().verify(firmware, p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("extended key usage");
    }

    @Test
    void verify_signingTimeAfterExpiry_rejected() throws Exception {
        // Signed with a clock a year and a day ahead: the certificate (365 days) had expired at that signing time.
        Clock late = Clock.fixed(Instant.now().plus(Duration.ofDays(366)), ZoneOffset.UTC);
        assertThatThrownBy(() -> DetachedSigner.create(pki.key("rsa3072"), SignatureProfile.RSA_PSS_SHA256, late).sign(firmware))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("not valid now");
        byte[] p7s = DetachedSigner.create(pki.key("rsa3072")).sign(firmware);
        DetachedVerifier.builder().trustAnchor(pki.root()).clock(late).build().verify(firmware, p7s);
    }

    @Test
    void verify_signingTimeInFuture_rejected() throws Exception {
        Clock ahead = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        byte[] p7s = DetachedSigner.create(pki.key("rsa3072"), SignatureProfile.RSA_PSS_SHA256, ahead).sign(firmware);
        assertThatThrownBy(() -> pki.verifier().verify(firmware, p7s))
                .isInstanceOf(VerificationException.class).hasMessageContaining("in the future");
    }

    @Test
    void verify_opensslSignedRsa_accepted() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -in update.bin -signer rsa3072.pem -inkey rsa3072.key -outform DER -out o-rsa.p7s");
        pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-rsa.p7s")));
        assertThat(DetachedVerifier.parse(Files.readAllBytes(dir.resolve("o-rsa.p7s"))).profile()).isEqualTo(SignatureProfile.RSA_PKCS1_SHA256);
    }

    @Test
    void verify_opensslSignedRsaPss_accepted() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -in update.bin -signer rsa3072.pem -inkey rsa3072.key -outform DER -out o-pss.p7s"
                + " -keyopt rsa_padding_mode:pss -keyopt rsa_pss_saltlen:digest");
        pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-pss.p7s")));
    }

    @Test
    void verify_opensslSignedRsaPssMaximumSalt_refusedWithHint() throws Exception {
        // OpenSSL's CMS default PSS salt is the maximum (350 bytes for RSA-3072), beyond FIPS 186-5's bound.
        Tools.sh(dir, "openssl cms -sign -binary -in update.bin -signer rsa3072.pem -inkey rsa3072.key -outform DER -out o-pssmax.p7s"
                + " -keyopt rsa_padding_mode:pss");
        assertThatThrownBy(() -> pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-pssmax.p7s"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("salt length 350").hasMessageContaining("rsa_pss_saltlen:digest");
    }

    @Test
    void verify_opensslSignedEcdsaP384_accepted() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -md sha384 -in update.bin -signer p384.pem -inkey p384.key -outform DER -out o-p384.p7s");
        pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-p384.p7s")));
    }

    @Test
    void verify_opensslSignedSha1_rejectedAsWeak() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -md sha1 -in update.bin -signer rsa3072.pem -inkey rsa3072.key -outform DER -out o-sha1.p7s");
        assertThatThrownBy(() -> pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-sha1.p7s"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("SHA-1").hasMessageContaining("not approved");
    }

    @Test
    void verify_opensslSignedRsa1024_rejectedAsWeak() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -in update.bin -signer rsa1024.pem -inkey rsa1024.key -outform DER -out o-1024.p7s");
        assertThatThrownBy(() -> pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-1024.p7s"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("1024 bits is below the 2048-bit minimum");
    }

    @Test
    void verify_opensslSignedRsa2048_acceptedAsLegacy() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -in update.bin -signer rsa2048.pem -inkey rsa2048.key -outform DER -out o-2048.p7s");
        pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-2048.p7s")));
    }

    @Test
    void verify_opensslSignedWithoutAttributes_rejected() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -noattr -in update.bin -signer rsa3072.pem -inkey rsa3072.key -outform DER -out o-noattr.p7s");
        assertThatThrownBy(() -> pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-noattr.p7s"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("no signed attributes");
    }

    @Test
    void verify_opensslSignedAttached_rejected() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -nodetach -in update.bin -signer rsa3072.pem -inkey rsa3072.key -outform DER -out o-att.p7s");
        assertThatThrownBy(() -> pki.verifier().verify(firmware, Files.readAllBytes(dir.resolve("o-att.p7s"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("detached");
    }

    /** OpenSSL 3.0 cannot use Ed25519 in CMS at all ("invalid digest"), so that profile is left out here. */
    @ParameterizedTest
    @EnumSource(value = SignatureProfile.class, names = "ED25519", mode = EnumSource.Mode.EXCLUDE)
    void sign_eachProfile_opensslVerifies(SignatureProfile profile) throws Exception {
        String name = keyFor(profile);
        byte[] p7s = DetachedSigner.create(pki.key(name), profile).sign(firmware);
        Path sig = dir.resolve("m-" + profile + ".p7s");
        Files.write(sig, p7s);
        String out = Tools.sh(dir, "openssl cms -verify -binary -inform DER -in " + sig.getFileName()
                + " -content update.bin -CAfile ca.pem -purpose any -out /dev/null 2>&1");
        assertThat(out).contains("Verification successful");
    }

    @Test
    void verify_garbage_malformed() throws Exception {
        assertThatThrownBy(() -> pki.verifier().verify(firmware, new byte[] {0x30, (byte) 0x82, 0x10}))
                .isInstanceOf(MalformedTrustDataException.class);
        assertThatThrownBy(() -> pki.verifier().verify(firmware, new byte[0]))
                .isInstanceOf(MalformedTrustDataException.class);
    }
}
