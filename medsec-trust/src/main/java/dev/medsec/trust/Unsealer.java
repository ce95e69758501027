package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.AuthEnvelopedData;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EncryptedContentInfo;
import org.bouncycastle.asn1.cms.GCMParameters;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientIdentifier;
import org.bouncycastle.asn1.cms.KeyAgreeRecipientInfo;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.asn1.cms.OriginatorPublicKey;
import org.bouncycastle.asn1.cms.RecipientEncryptedKey;
import org.bouncycastle.asn1.cms.RecipientIdentifier;
import org.bouncycastle.asn1.cms.RecipientInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAESOAEPparams;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientOperator;
import org.bouncycastle.cms.jcajce.JceKeyAgreeRecipient;
import org.bouncycastle.crypto.AsymmetricBlockCipher;
import org.bouncycastle.crypto.CipherParameters;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.encodings.OAEPEncoding;
import org.bouncycastle.util.BigIntegers;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opens CMS AuthEnvelopedData (RFC 5083) sealed with AES-GCM for this key: recovers the content key from
 * the RecipientInfo that names the key's certificate (RSA-OAEP or ECDH), then authenticates and decrypts
 * with the same AES-GCM primitive the known-answer tests exercise. Plaintext is returned only when the
 * tag verifies; every field the tag does not cover is checked to be exactly what RFC 5083 prescribes.
 */
public final class Unsealer {
    private static final Map<ASN1ObjectIdentifier, Integer> GCM_KEY_BYTES = Map.of(
            NISTObjectIdentifiers.id_aes128_GCM, 16,
            NISTObjectIdentifiers.id_aes192_GCM, 24,
            NISTObjectIdentifiers.id_aes256_GCM, 32);
    private static final Set<ASN1ObjectIdentifier> ECDH_SCHEMES = Set.of(
            SECObjectIdentifiers.dhSinglePass_stdDH_sha256kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha384kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_stdDH_sha512kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_cofactorDH_sha256kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_cofactorDH_sha384kdf_scheme,
            SECObjectIdentifiers.dhSinglePass_cofactorDH_sha512kdf_scheme);

    private final PrivateKeyHandle key;

    private Unsealer(PrivateKeyHandle key) {
        this.key = key;
    }

    public static Unsealer of(PrivateKeyHandle key) {
        return new Unsealer(key);
    }

    /** Returns the plaintext, or throws: tampered data and a wrong key both fail the tag. */
    public byte[] open(byte[] sealed) throws VerificationException, MalformedTrustDataException, KeyAccessException {
        AuthEnvelopedData aed;
        try {
            ASN1Primitive prim = ASN1Primitive.fromByteArray(sealed);
            ContentInfo ci = ContentInfo.getInstance(prim);
            if (!CMSObjectIdentifiers.authEnvelopedData.equals(ci.getContentType())) {
                throw new MalformedTrustDataException("not CMS AuthEnvelopedData (content type " + ci.getContentType().getId() + ")");
            }
            aed = AuthEnvelopedData.getInstance(ci.getContent());
            StrictAsn1.requireCanonical(new ContentInfo(ci.getContentType(), ci.getContent()), prim, "sealed ContentInfo");
            StrictAsn1.requireCanonical(new AuthEnvelopedData(aed.getOriginatorInfo(), aed.getRecipientInfos(),
                    aed.getAuthEncryptedContentInfo(), aed.getAuthAttrs(), aed.getMac(), aed.getUnauthAttrs()),
                    ci.getContent(), "AuthEnvelopedData");
        } catch (IOException | RuntimeException e) {
            throw new MalformedTrustDataException("sealed file is not CMS AuthEnvelopedData: " + e.getMessage(), e);
        }
        try {
            return open(aed);
        } catch (RuntimeException e) {
            // BouncyCastle's ASN.1 accessors signal malformed structures with assorted unchecked exceptions
            // (IllegalArgumentException, ClassCastException, ArrayIndexOutOfBoundsException ...).
            throw new MalformedTrustDataException("sealed file is malformed: " + e, e);
        }
    }

    private byte[] open(AuthEnvelopedData aed) throws VerificationException, MalformedTrustDataException, KeyAccessException {
        if (aed.getVersion().intValueExact() != 0) {
            throw new VerificationException("AuthEnvelopedData version must be 0 (RFC 5083)");
        }
        EncryptedContentInfo eci = aed.getAuthEncryptedContentInfo();
        if (!CMSObjectIdentifiers.data.equals(eci.getContentType())) {
            throw new VerificationException("sealed content type " + eci.getContentType().getId() + " is not id-data");
        }
        AlgorithmIdentifier alg = eci.getContentEncryptionAlgorithm();
        Integer keyBytes = GCM_KEY_BYTES.get(alg.getAlgorithm());
        if (keyBytes == null) {
            throw new VerificationException("content encryption " + alg.getAlgorithm().getId() + " is not AES-GCM");
        }
        if (alg.getParameters() == null) {
            throw new MalformedTrustDataException("AES-GCM parameters (nonce) are missing");
        }
        GCMParameters gcm = GCMParameters.getInstance(alg.getParameters());
        ASN1OctetString encrypted = eci.getEncryptedContent();
        if (encrypted == null) {
            throw new MalformedTrustDataException("sealed file carries no encrypted content");
        }
        byte[] mac = aed.getMac().getOctets();
        if (mac.length != gcm.getIcvLen()) {
            throw new VerificationException("authentication tag length " + mac.length + " differs from the declared " + gcm.getIcvLen());
        }
        byte[] aad;
        try {
            aad = aed.getAuthAttrs() == null ? new byte[0] : aed.getAuthAttrs().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new MalformedTrustDataException("authenticated attributes cannot be encoded", e);
        }
        byte[] cek = contentKey(aed, alg);
        try {
            if (cek.length != keyBytes) {
                throw new VerificationException("content key of " + cek.length + " bytes does not fit " + alg.getAlgorithm().getId());
            }
            byte[] ct = encrypted.getOctets();
            byte[] ctAndTag = Arrays.copyOf(ct, ct.length + mac.length);
            System.arraycopy(mac, 0, ctAndTag, ct.length, mac.length);
            return AesGcm.open(cek, gcm.getNonce(), aad, ctAndTag, mac.length);
        } finally {
            Arrays.fill(cek, (byte) 0);
        }
    }

    private byte[] contentKey(AuthEnvelopedData aed, AlgorithmIdentifier contentAlg) throws VerificationException, KeyAccessException {
        X509Certificate cert = key.certificate();
        for (ASN1Encodable e : aed.getRecipientInfos()) {
            ASN1Encodable info = RecipientInfo.getInstance(e).getInfo();
            if (info instanceof KeyTransRecipientInfo) {
                KeyTransRecipientInfo ktri = (KeyTransRecipientInfo) info;
                RecipientIdentifier rid = ktri.getRecipientIdentifier();
                if (matches(rid.isTagged(), rid.getId(), cert)) {
                    StrictAsn1.requireCanonical(new KeyTransRecipientInfo(rid, ktri.getKeyEncryptionAlgorithm(), ktri.getEncryptedKey()),
                            e, "KeyTransRecipientInfo");
                    int want = rid.isTagged() ? 2 : 0;
                    if (ktri.getVersion().intValueExact() != want) {
                        throw new VerificationException("KeyTransRecipientInfo version must be " + want);
                    }
                    return rsaOaep(ktri.getKeyEncryptionAlgorithm(), ktri.getEncryptedKey().getOctets());
                }
            } else if (info instanceof KeyAgreeRecipientInfo) {
                KeyAgreeRecipientInfo kari = (KeyAgreeRecipientInfo) info;
                for (ASN1Encodable r : kari.getRecipientEncryptedKeys()) {
                    RecipientEncryptedKey rek = RecipientEncryptedKey.getInstance(r);
                    KeyAgreeRecipientIdentifier kid = rek.getIdentifier();
                    boolean byKeyId = kid.getRKeyID() != null;
                    if (matches(byKeyId, byKeyId ? kid.getRKeyID().getSubjectKeyIdentifier() : kid.getIssuerAndSerialNumber(), cert)) {
                        if (kari.getVersion().intValueExact() != 3) {
                            throw new VerificationException("KeyAgreeRecipientInfo version must be 3");
                        }
                        StrictAsn1.requireCanonical(new DERTaggedObject(false, 1, new KeyAgreeRecipientInfo(kari.getOriginator(),
                                kari.getUserKeyingMaterial(), kari.getKeyEncryptionAlgorithm(), kari.getRecipientEncryptedKeys())),
                                e, "KeyAgreeRecipientInfo");
                        StrictAsn1.requireCanonical(new RecipientEncryptedKey(kid, rek.getEncryptedKey()), r, "RecipientEncryptedKey");
                        return ecdh(kari, rek, contentAlg);
                    }
                }
            }
        }
        throw new KeyAccessException("the sealed file has no recipient entry for " + cert.getSubjectX500Principal().getName());
    }

    private static boolean matches(boolean bySki, ASN1Encodable id, X509Certificate cert) {
        if (bySki) {
            byte[] ext = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (ext == null) {
                return false;
            }
            byte[] ski = ASN1OctetString.getInstance(ASN1OctetString.getInstance(ext).getOctets()).getOctets();
            return Arrays.equals(ski, ASN1OctetString.getInstance(id).getOctets());
        }
        IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(id);
        try {
            return cert.getSerialNumber().equals(ias.getSerialNumber().getValue())
                    && cert.getIssuerX500Principal().equals(new X500Principal(ias.getName().getEncoded(ASN1Encoding.DER)));
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private byte[] rsaOaep(AlgorithmIdentifier keyEncAlg, byte[] encryptedKey) throws VerificationException, KeyAccessException {
        if (PKCSObjectIdentifiers.rsaEncryption.equals(keyEncAlg.getAlgorithm())) {
            throw new VerificationException("RSA PKCS#1 v1.5 key transport is refused (padding oracle); seal with RSA-OAEP and SHA-256");
        }
        if (!PKCSObjectIdentifiers.id_RSAES_OAEP.equals(keyEncAlg.getAlgorithm())) {
            throw new VerificationException("key transport " + keyEncAlg.getAlgorithm().getId() + " is not RSA-OAEP");
        }
        if (!(key.certificate().getPublicKey() instanceof RSAPublicKey)) {
            throw new KeyAccessException("the recipient entry asks for RSA, but the key is not RSA");
        }
        if (keyEncAlg.getParameters() == null) {
            throw new VerificationException("RSA-OAEP without parameters means SHA-1, which is refused; use SHA-256");
        }
        RSAESOAEPparams params = RSAESOAEPparams.getInstance(keyEncAlg.getParameters());
        SignatureProfile.Hash hash = SignatureProfile.approvedDigest(params.getHashAlgorithm(), "RSA-OAEP hash");
        if (!PKCSObjectIdentifiers.id_mgf1.equals(params.getMaskGenAlgorithm().getAlgorithm())
                || SignatureProfile.approvedDigest(AlgorithmIdentifier.getInstance(params.getMaskGenAlgorithm().getParameters()), "RSA-OAEP MGF1 hash") != hash) {
            throw new VerificationException("RSA-OAEP must use MGF1 with the same hash as the message hash");
        }
        if (!params.getPSourceAlgorithm().equals(RSAESOAEPparams.DEFAULT_P_SOURCE_ALGORITHM)) {
            throw new VerificationException("RSA-OAEP with a non-empty label is not supported");
        }
        try {
            if (key.inToken()) {
                return tokenOaep(hash, encryptedKey);
            }
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding", Providers.BC);
            c.init(Cipher.DECRYPT_MODE, key.key(), new OAEPParameterSpec(hash.jcaName, "MGF1",
                    new MGF1ParameterSpec(hash.jcaName), PSource.PSpecified.DEFAULT));
            return c.doFinal(encryptedKey);
        } catch (GeneralSecurityException | InvalidCipherTextException | RuntimeException e) {
            throw new VerificationException("the content key cannot be recovered: wrong key or altered data", e);
        }
    }

    /**
     * SunPKCS11 in Java 17 offers no RSA-OAEP cipher, so the token performs the raw RSA private operation
     * (CKM_RSA_X_509) and BouncyCastle's OAEP decoding checks the padding: the private key stays inside.
     */
    private byte[] tokenOaep(SignatureProfile.Hash hash, byte[] encryptedKey) throws InvalidCipherTextException {
        int modulusBytes = (((RSAPublicKey) key.certificate().getPublicKey()).getModulus().bitLength() + 7) / 8;
        OAEPEncoding oaep = new OAEPEncoding(new TokenRsa(key.key(), key.provider(), modulusBytes), digest(hash), digest(hash), null);
        oaep.init(false, null);
        return oaep.processBlock(encryptedKey, 0, encryptedKey.length);
    }

    private static Digest digest(SignatureProfile.Hash h) {
        switch (h) {
            case SHA384:
                return new SHA384Digest();
            case SHA512:
                return new SHA512Digest();
            default:
                return new SHA256Digest();
        }
    }

    /** The raw RSA decryption primitive of a token, shaped like BouncyCastle's RSA engine (same output convention). */
    private static final class TokenRsa implements AsymmetricBlockCipher {
        private final PrivateKey key;
        private final Provider provider;
        private final int modulusBytes;

        TokenRsa(PrivateKey key, Provider provider, int modulusBytes) {
            this.key = key;
            this.provider = provider;
            this.modulusBytes = modulusBytes;
        }

        @Override
        public void init(boolean forEncryption, CipherParameters params) {
            if (forEncryption) {
                throw new IllegalArgumentException("token engine only decrypts");
            }
        }

        @Override
        public int getInputBlockSize() {
            return modulusBytes;
        }

        @Override
        public int getOutputBlockSize() {
            return modulusBytes - 1;
        }

        @Override
        public byte[] processBlock(byte[] in, int off, int len) throws InvalidCipherTextException {
            try {
                Cipher c = Cipher.getInstance("RSA/ECB/NoPadding", provider);
                c.init(Cipher.DECRYPT_MODE, key);
                return BigIntegers.asUnsignedByteArray(new BigInteger(1, c.doFinal(in, off, len)));
            } catch (GeneralSecurityException e) {
                throw new InvalidCipherTextException("token RSA operation failed");
            }
        }
    }

    private byte[] ecdh(KeyAgreeRecipientInfo kari, RecipientEncryptedKey rek, AlgorithmIdentifier contentAlg)
            throws VerificationException, KeyAccessException {
        AlgorithmIdentifier keyEncAlg = kari.getKeyEncryptionAlgorithm();
        if (X9ObjectIdentifiers.dhSinglePass_stdDH_sha1kdf_scheme.equals(keyEncAlg.getAlgorithm())
                || X9ObjectIdentifiers.dhSinglePass_cofactorDH_sha1kdf_scheme.equals(keyEncAlg.getAlgorithm())) {
            throw new VerificationException("ECDH with the SHA-1 KDF is refused; seal with a SHA-256 KDF (openssl: -keyopt ecdh_kdf_md:sha256)");
        }
        if (!ECDH_SCHEMES.contains(keyEncAlg.getAlgorithm())) {
            throw new VerificationException("key agreement " + keyEncAlg.getAlgorithm().getId() + " is not ECDH with a SHA-2 KDF");
        }
        if (key.inToken()) {
            throw new KeyAccessException("ECDH unsealing with a key in a token is not supported; use an RSA key in the token");
        }
        OriginatorPublicKey originator = kari.getOriginator().getOriginatorKey();
        if (originator == null || !X9ObjectIdentifiers.id_ecPublicKey.equals(originator.getAlgorithm().getAlgorithm())) {
            throw new VerificationException("ECDH recipient entry needs an ephemeral EC originator key");
        }
        SubjectPublicKeyInfo mine = SubjectPublicKeyInfo.getInstance(key.certificate().getPublicKey().getEncoded());
        ASN1Encodable curve = originator.getAlgorithm().getParameters();
        if (curve != null && !DERNull.INSTANCE.equals(curve.toASN1Primitive()) && !curve.equals(mine.getAlgorithm().getParameters())) {
            throw new VerificationException("ephemeral key is on another curve than the recipient key");
        }
        if (originator.getPublicKeyData().getPadBits() != 0) {
            throw new VerificationException("ephemeral key BIT STRING has unused bits");
        }
        StrictAsn1.requireCanonical(new DERTaggedObject(false, 1, new OriginatorPublicKey(originator.getAlgorithm(), originator.getPublicKeyData())),
                kari.getOriginator(), "OriginatorPublicKey");
        SubjectPublicKeyInfo ephemeral = new SubjectPublicKeyInfo(mine.getAlgorithm(), originator.getPublicKeyData().getBytes());
        Optional<ASN1OctetString> ukm = Optional.ofNullable(kari.getUserKeyingMaterial());
        try {
            Key cek = new EcRecipient(key.key()).unwrap(keyEncAlg, contentAlg, ephemeral, ukm.orElse(null), rek.getEncryptedKey().getOctets());
            return cek.getEncoded();
        } catch (CMSException | RuntimeException e) {
            throw new VerificationException("the content key cannot be recovered: wrong key or altered data", e);
        }
    }

    /** BouncyCastle's ECDH + X9.63 KDF + AES key unwrap, used only to recover the content key. */
    private static final class EcRecipient extends JceKeyAgreeRecipient {
        EcRecipient(PrivateKey key) {
            super(key);
            setProvider(Providers.BC);
        }

        Key unwrap(AlgorithmIdentifier keyEncAlg, AlgorithmIdentifier contentAlg, SubjectPublicKeyInfo ephemeral,
                   ASN1OctetString ukm, byte[] encryptedKey) throws CMSException {
            return extractSecretKey(keyEncAlg, contentAlg, ephemeral, ukm, encryptedKey);
        }

        @Override
        public RecipientOperator getRecipientOperator(AlgorithmIdentifier keyEncAlg, AlgorithmIdentifier contentAlg,
                                                      SubjectPublicKeyInfo senderKey, ASN1OctetString ukm, byte[] encryptedKey) throws CMSException {
            throw new CMSException("content is opened by Unsealer, not by this recipient");
        }
    }
}
