package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSAuthEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipientInfoGenerator;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputAEADEncryptor;
import org.bouncycastle.operator.jcajce.JceAsymmetricKeyWrapper;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;

/**
 * Seals data for one or more recipients as CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM (RFC 5084).
 * The content key and the GCM nonce are drawn fresh from a SecureRandom inside the generator for every
 * call; no API lets a caller pass either. Recipients get the content key by RSA-OAEP with SHA-256
 * (RFC 8017 / RFC 4055) or by ECDH on P-256 / P-384 with an ephemeral key and the X9.63 KDF, wrapped with
 * AES-256 key wrap (RFC 5753).
 */
public final class Sealer {
    /** Sealed data lives long (patient records): new RSA recipients need 128-bit security. */
    public static final int RSA_MIN_RECIPIENT_BITS = 3072;

    private final List<X509Certificate> recipients;
    private final SecureRandom random;

    private Sealer(List<X509Certificate> recipients, SecureRandom random) {
        this.recipients = List.copyOf(recipients);
        this.random = random;
    }

    /** Checks every recipient key now, so a weak recipient is refused before any data is sealed. */
    public static Sealer forRecipients(List<X509Certificate> recipients) throws KeyAccessException {
        if (recipients.isEmpty()) {
            throw new KeyAccessException("at least one recipient certificate is required");
        }
        for (X509Certificate c : recipients) {
            kind(c);
        }
        return new Sealer(recipients, new SecureRandom());
    }

    private static SignatureProfile.KeyKind kind(X509Certificate c) throws KeyAccessException {
        String who = c.getSubjectX500Principal().getName();
        SignatureProfile.KeyKind kind;
        try {
            kind = SignatureProfile.KeyKind.of(c.getPublicKey());
        } catch (VerificationException e) {
            throw new KeyAccessException("recipient " + who + ": " + e.reason(), e);
        }
        if (kind == SignatureProfile.KeyKind.ED25519) {
            throw new KeyAccessException("recipient " + who + ": an Ed25519 key can only sign, not receive sealed data");
        }
        if (kind == SignatureProfile.KeyKind.RSA) {
            int bits = ((RSAPublicKey) c.getPublicKey()).getModulus().bitLength();
            if (bits < RSA_MIN_RECIPIENT_BITS) {
                throw new KeyAccessException("recipient " + who + ": RSA key of " + bits + " bits is below the " + RSA_MIN_RECIPIENT_BITS + "-bit minimum");
            }
        }
        boolean[] ku = c.getKeyUsage();
        if (ku != null) {
            boolean usable = kind == SignatureProfile.KeyKind.RSA ? ku.length > 2 && ku[2] : ku.length > 4 && ku[4];
            if (!usable) {
                throw new KeyAccessException("recipient " + who + ": key usage allows neither "
                        + (kind == SignatureProfile.KeyKind.RSA ? "keyEncipherment" : "keyAgreement"));
            }
        }
        return kind;
    }

    /** Seals the data; returns the DER ContentInfo (.p7m). */
    public byte[] seal(byte[] plaintext) throws KeyAccessException {
        try {
            CMSAuthEnvelopedDataGenerator gen = new CMSAuthEnvelopedDataGenerator();
            for (X509Certificate c : recipients) {
                SignatureProfile.KeyKind kind = kind(c);
                if (kind == SignatureProfile.KeyKind.RSA) {
                    OAEPParameterSpec oaep = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
                    gen.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(c,
                            new JceAsymmetricKeyWrapper(oaep, c.getPublicKey()).setProvider(Providers.BC).setSecureRandom(random)));
                } else {
                    boolean p384 = kind == SignatureProfile.KeyKind.EC_P384;
                    KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", Providers.BC);
                    kpg.initialize(new ECGenParameterSpec(p384 ? "secp384r1" : "secp256r1"), random);
                    KeyPair ephemeral = kpg.generateKeyPair();
                    ASN1ObjectIdentifier kdf = p384 ? CMSAlgorithm.ECDH_SHA384KDF : CMSAlgorithm.ECDH_SHA256KDF;
                    gen.addRecipientInfoGenerator(new JceKeyAgreeRecipientInfoGenerator(kdf, ephemeral.getPrivate(),
                            ephemeral.getPublic(), CMSAlgorithm.AES256_WRAP).addRecipient(c).setProvider(Providers.BC).setSecureRandom(random));
                }
            }
            OutputAEADEncryptor encryptor = (OutputAEADEncryptor) new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_GCM)
                    .setProvider(Providers.BC).setSecureRandom(random).build();
            CMSAuthEnvelopedData sealed = gen.generate(new CMSProcessableByteArray(plaintext), encryptor);
            return sealed.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (CMSException | GeneralSecurityException | IOException | RuntimeException e) {
            throw new KeyAccessException("sealing failed: " + e.getMessage(), e);
        }
    }
}
