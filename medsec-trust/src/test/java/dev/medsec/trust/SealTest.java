package dev.medsec.trust;

import dev.medsec.testkit.Tools;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealTest {
    /**
     * Seals of the same data whose nonces must all differ. 10,000 keeps the unit run short; the full
     * 100,000 runs in bench/trust-nonces.sh (-Dmedsec.seal.count=100000).
     */
    static final int NONCE_SEALS = Integer.getInteger("medsec.seal.count", 10_000);

    @TempDir
    static Path dir;
    static TestPki pki;
    static final byte[] RECORD = "MSH|^~\\&|ICU|WARD7|patient 4711|glucose 5.4 mmol/l\r".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir)
                .issue("rsa", "rsa:3072", "rsarecipient")
                .issue("rsa2", "rsa:3072", "rsarecipient")
                .issue("rsa2048", "rsa:2048", "rsarecipient")
                .issue("p256", "ec:P-256", "ecrecipient")
                .issue("p384", "ec:P-384", "ecrecipient")
                .issue("ed", "ed25519", "signer")
                .issue("signonly", "key:rsa", "signer");
        Files.write(dir.resolve("record.hl7"), RECORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "p256", "p384"})
    void seal_eachRecipientKind_opensWithItsKey(String name) throws Exception {
        byte[] sealed = Sealer.forRecipients(List.of(pki.cert(name))).seal(RECORD);
        assertThat(Unsealer.of(pki.key(name)).open(sealed)).isEqualTo(RECORD);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("glucose");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "p256", "p384"})
    void seal_eachRecipientKind_opensslDecrypts(String name) throws Exception {
        Files.write(dir.resolve("ours-" + name + ".p7m"), Sealer.forRecipients(List.of(pki.cert(name))).seal(RECORD));
        Tools.sh(dir, "openssl cms -decrypt -binary -inform DER -in ours-" + name + ".p7m -recip " + name + ".pem -inkey "
                + name + ".key -out ours-" + name + ".out");
        assertThat(Files.readAllBytes(dir.resolve("ours-" + name + ".out"))).isEqualTo(RECORD);
    }

    @Test
    void seal_twoRecipients_eachOpens() throws Exception {
        byte[] sealed = Sealer.forRecipients(List.of(pki.cert("rsa"), pki.cert("p256"))).seal(RECORD);
        assertThat(Unsealer.of(pki.key("rsa")).open(sealed)).isEqualTo(RECORD);
        assertThat(Unsealer.of(pki.key("p256")).open(sealed)).isEqualTo(RECORD);
        assertThatThrownBy(() -> Unsealer.of(pki.key("rsa2")).open(sealed))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("no recipient entry");
    }

    @Test
    void open_opensslRsaOaepAes256Gcm_opens() throws Exception {
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-gcm -in record.hl7 -outform DER -out o-rsa.p7m -recip rsa.pem"
                + " -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256 -keyopt rsa_mgf1_md:sha256");
        assertThat(Unsealer.of(pki.key("rsa")).open(Files.readAllBytes(dir.resolve("o-rsa.p7m")))).isEqualTo(RECORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"p256", "p384"})
    void open_opensslEcdhAes256Gcm_opens(String name) throws Exception {
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-gcm -in record.hl7 -outform DER -out o-" + name + ".p7m -recip " + name + ".pem"
                + " -keyopt ecdh_kdf_md:" + (name.equals("p384") ? "sha384" : "sha256"));
        assertThat(Unsealer.of(pki.key(name)).open(Files.readAllBytes(dir.resolve("o-" + name + ".p7m")))).isEqualTo(RECORD);
    }

    @Test
    void open_opensslEcdhDefaultSha1Kdf_refused() throws Exception {
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-gcm -in record.hl7 -outform DER -out o-kdf1.p7m -recip p256.pem");
        assertThatThrownBy(() -> Unsealer.of(pki.key("p256")).open(Files.readAllBytes(dir.resolve("o-kdf1.p7m"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("SHA-1 KDF is refused");
    }

    @Test
    void open_opensslRsaPkcs1v15KeyTransport_refused() throws Exception {
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-gcm -in record.hl7 -outform DER -out o-v15.p7m -recip rsa.pem");
        assertThatThrownBy(() -> Unsealer.of(pki.key("rsa")).open(Files.readAllBytes(dir.resolve("o-v15.p7m"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("PKCS#1 v1.5 key transport is refused");
    }

    @Test
    void open_opensslOaepSha1_refused() throws Exception {
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-gcm -in record.hl7 -outform DER -out o-sha1.p7m -recip rsa.pem"
                + " -keyopt rsa_padding_mode:oaep");
        assertThatThrownBy(() -> Unsealer.of(pki.key("rsa")).open(Files.readAllBytes(dir.resolve("o-sha1.p7m"))))
                .isInstanceOf(VerificationException.class).hasMessageContaining("SHA-1");
    }

    @Test
    void open_opensslAesCbcEnvelope_notAuthEnveloped() throws Exception {
        Tools.sh(dir, "openssl cms -encrypt -binary -aes-256-cbc -in record.hl7 -outform DER -out o-cbc.p7m -recip rsa.pem"
                + " -keyopt rsa_padding_mode:oaep -keyopt rsa_oaep_md:sha256");
        assertThatThrownBy(() -> Unsealer.of(pki.key("rsa")).open(Files.readAllBytes(dir.resolve("o-cbc.p7m"))))
                .isInstanceOf(MalformedTrustDataException.class).hasMessageContaining("not CMS AuthEnvelopedData");
    }

    @Test
    void open_wrongKeyForSameName_tagOrUnwrapFails() throws Exception {
        // rsa2's key with rsa's certificate: the recipient entry matches, the key does not.
        PrivateKeyHandle impostor = pki.key("rsa2").withChain(List.of(pki.cert("rsa")));
        byte[] sealed = Sealer.forRecipients(List.of(pki.cert("rsa"))).seal(RECORD);
        assertThatThrownBy(() -> Unsealer.of(impostor).open(sealed))
                .isInstanceOf(VerificationException.class).hasMessageContaining("cannot be recovered");
    }

    @Test
    void forRecipients_rsa2048_refused() {
        assertThatThrownBy(() -> Sealer.forRecipients(List.of(pki.cert("rsa2048"))))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("2048 bits is below the 3072-bit minimum");
    }

    @Test
    void forRecipients_ed25519_refused() {
        assertThatThrownBy(() -> Sealer.forRecipients(List.of(pki.cert("ed"))))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("can only sign");
    }

    @Test
    void forRecipients_signingOnlyCertificate_refused() {
        assertThatThrownBy(() -> Sealer.forRecipients(List.of(pki.cert("signonly"))))
                .isInstanceOf(KeyAccessException.class).hasMessageContaining("keyEncipherment");
    }

    @Test
    void seal_output_isAes256GcmWith96BitNonceAnd128BitTag() throws Exception {
        AuthEnvelopedData aed = parse(Sealer.forRecipients(List.of(pki.cert("rsa"))).seal(RECORD));
        assertThat(aed.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_GCM);
        GCMParameters gcm = GCMParameters.getInstance(aed.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getParameters());
        assertThat(gcm.getNonce()).hasSize(12);
        assertThat(gcm.getIcvLen()).isEqualTo(16);
    }

    @Test
    void seal_sameDataManyTimes_noncesAndCiphertextsAllDiffer() throws Exception {
        Sealer sealer = Sealer.forRecipients(List.of(pki.cert("rsa")));
        Set<ByteBuffer> nonces = new HashSet<>();
        Set<ByteBuffer> ciphertexts = new HashSet<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < NONCE_SEALS; i++) {
            AuthEnvelopedData aed = parse(sealer.seal(RECORD));
            nonces.add(ByteBuffer.wrap(GCMParameters.getInstance(aed.getAuthEncryptedContentInfo().getContentEncryptionAlgorithm().getParameters()).getNonce()));
            ciphertexts.add(ByteBuffer.wrap(aed.getAuthEncryptedContentInfo().getEncryptedContent().getOctets()));
        }
        System.out.printf("%d seals in %d ms%n", NONCE_SEALS, (System.nanoTime() - t0) / 1_000_000);
        assertThat(nonces).hasSize(NONCE_SEALS);
        assertThat(ciphertexts).hasSize(NONCE_SEALS);
    }

    private static AuthEnvelopedData parse(byte[] sealed) throws Exception {
        return AuthEnvelopedData.getInstance(ContentInfo.getInstance(ASN1Primitive.fromByteArray(sealed)).getContent());
    }
}
