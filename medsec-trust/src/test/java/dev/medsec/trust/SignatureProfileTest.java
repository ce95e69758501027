package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How declared CMS algorithms map onto profiles, and why the rest is refused. */
class SignatureProfileTest {
    static PublicKey rsa2048;
    static PublicKey p256;
    static PublicKey p521;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator r = KeyPairGenerator.getInstance("RSA");
        r.initialize(2048);
        rsa2048 = r.generateKeyPair().getPublic();
        KeyPairGenerator e = KeyPairGenerator.getInstance("EC");
        e.initialize(new ECGenParameterSpec("secp256r1"));
        p256 = e.generateKeyPair().getPublic();
        e.initialize(new ECGenParameterSpec("secp521r1"));
        p521 = e.generateKeyPair().getPublic();
    }

    static AlgorithmIdentifier id(ASN1ObjectIdentifier oid) {
        return new AlgorithmIdentifier(oid);
    }

    @Test
    void fromCms_rsaEncryptionWithSha256_isPkcs1Sha256() throws Exception {
        assertThat(SignatureProfile.fromCms(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                id(NISTObjectIdentifiers.id_sha256), rsa2048)).isEqualTo(SignatureProfile.RSA_PKCS1_SHA256);
    }

    @Test
    void fromCms_eachProfileOwnIdentifiers_roundTrip() throws Exception {
        for (SignatureProfile p : new SignatureProfile[] {SignatureProfile.RSA_PSS_SHA256, SignatureProfile.RSA_PSS_SHA512,
                SignatureProfile.RSA_PKCS1_SHA384}) {
            assertThat(SignatureProfile.fromCms(p.signatureAlgorithm(), p.digestAlgorithm(), rsa2048)).isEqualTo(p);
        }
        assertThat(SignatureProfile.fromCms(SignatureProfile.ECDSA_P256_SHA256.signatureAlgorithm(),
                SignatureProfile.ECDSA_P256_SHA256.digestAlgorithm(), p256)).isEqualTo(SignatureProfile.ECDSA_P256_SHA256);
    }

    @Test
    void fromCms_sha1Digest_refusedAsWeak() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(id(PKCSObjectIdentifiers.sha256WithRSAEncryption), id(OIWObjectIdentifiers.idSHA1), rsa2048))
                .isInstanceOf(VerificationException.class).hasMessage("digest algorithm SHA-1 is not approved (SP 800-131A)");
    }

    @Test
    void fromCms_sha1WithRsa_refusedAsWeak() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(id(PKCSObjectIdentifiers.sha1WithRSAEncryption), id(NISTObjectIdentifiers.id_sha256), rsa2048))
                .hasMessage("signature algorithm SHA-1 with RSA is not approved (SP 800-131A)");
    }

    @Test
    void fromCms_unknownOid_refusedWithTheOid() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(id(new ASN1ObjectIdentifier("1.2.3.4.5")), id(NISTObjectIdentifiers.id_sha256), rsa2048))
                .hasMessageContaining("unknown or unapproved signature algorithm OID 1.2.3.4.5");
    }

    @Test
    void fromCms_digestDiffersFromSignatureHash_refused() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(id(PKCSObjectIdentifiers.sha256WithRSAEncryption), id(NISTObjectIdentifiers.id_sha512), rsa2048))
                .hasMessageContaining("does not match RSA_PKCS1_SHA256");
    }

    @Test
    void fromCms_pssWithShortSalt_refused() {
        AlgorithmIdentifier h = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        RSASSAPSSparams params = new RSASSAPSSparams(h, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, h), new ASN1Integer(0), new ASN1Integer(1));
        assertThatThrownBy(() -> SignatureProfile.fromCms(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, params), h, rsa2048))
                .hasMessageContaining("salt length 0 is not the hash length 32");
    }

    @Test
    void fromCms_pssDefaultParameters_refusedAsSha1() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(id(PKCSObjectIdentifiers.id_RSASSA_PSS), id(NISTObjectIdentifiers.id_sha256), rsa2048))
                .hasMessageContaining("SHA-1");
    }

    @Test
    void fromCms_ecdsaWithParameters_refused() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256, DERNull.INSTANCE),
                id(NISTObjectIdentifiers.id_sha256), p256)).hasMessageContaining("unexpected parameters");
    }

    @Test
    void fromCms_digestWithOctetStringParameters_refused() {
        assertThatThrownBy(() -> SignatureProfile.fromCms(id(PKCSObjectIdentifiers.sha256WithRSAEncryption),
                new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, new DEROctetString(new byte[0])), rsa2048))
                .hasMessageContaining("unexpected parameters");
    }

    @Test
    void checkVerificationKey_p521_refused() {
        assertThatThrownBy(() -> SignatureProfile.ECDSA_P256_SHA256.checkVerificationKey(p521))
                .hasMessageContaining("curve other than P-256 or P-384");
    }

    @Test
    void checkVerificationKey_rsaForEcdsa_refused() {
        assertThatThrownBy(() -> SignatureProfile.ECDSA_P256_SHA256.checkVerificationKey(rsa2048))
                .hasMessageContaining("needs a EC P-256 key, got RSA");
    }

    @Test
    void defaultFor_eachKeyKind() throws Exception {
        assertThat(SignatureProfile.defaultFor(rsa2048)).isEqualTo(SignatureProfile.RSA_PSS_SHA256);
        assertThat(SignatureProfile.defaultFor(p256)).isEqualTo(SignatureProfile.ECDSA_P256_SHA256);
    }
}
