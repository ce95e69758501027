package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The approved signature profiles (FIPS 186-5, SP 800-131A). A profile fixes every parameter: scheme,
 * hash, MGF1 hash and salt length for PSS, curve for ECDSA. Callers pick a constant, never a string,
 * so a weak combination cannot be expressed; verification maps what a CMS file declares back onto a
 * profile and rejects everything else with a reason.
 */
public enum SignatureProfile {
    RSA_PSS_SHA256(Scheme.RSA_PSS, Hash.SHA256),
    RSA_PSS_SHA384(Scheme.RSA_PSS, Hash.SHA384),
    RSA_PSS_SHA512(Scheme.RSA_PSS, Hash.SHA512),
    RSA_PKCS1_SHA256(Scheme.RSA_PKCS1, Hash.SHA256),
    RSA_PKCS1_SHA384(Scheme.RSA_PKCS1, Hash.SHA384),
    RSA_PKCS1_SHA512(Scheme.RSA_PKCS1, Hash.SHA512),
    ECDSA_P256_SHA256(Scheme.ECDSA, Hash.SHA256),
    ECDSA_P384_SHA384(Scheme.ECDSA, Hash.SHA384),
    /** Pure Ed25519 (RFC 8032); in CMS its digest algorithm is SHA-512 (RFC 8419). */
    ED25519(Scheme.ED25519, Hash.SHA512);

    /** Smallest RSA modulus this API signs with (SP 800-57: 128-bit security). */
    public static final int RSA_MIN_SIGNING_BITS = 3072;
    /** Smallest RSA modulus accepted when verifying existing signatures (SP 800-131A: 112-bit, legacy until 2030). */
    public static final int RSA_MIN_VERIFY_BITS = 2048;
    /** Largest RSA modulus accepted: bounds the work a hostile certificate can cause. */
    public static final int RSA_MAX_BITS = 16384;

    enum Scheme { RSA_PSS, RSA_PKCS1, ECDSA, ED25519 }

    enum Hash {
        SHA256(NISTObjectIdentifiers.id_sha256, "SHA-256", 32, PKCSObjectIdentifiers.sha256WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA256),
        SHA384(NISTObjectIdentifiers.id_sha384, "SHA-384", 48, PKCSObjectIdentifiers.sha384WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA384),
        SHA512(NISTObjectIdentifiers.id_sha512, "SHA-512", 64, PKCSObjectIdentifiers.sha512WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA512);

        final ASN1ObjectIdentifier oid;
        final String jcaName;
        final int length;
        final ASN1ObjectIdentifier rsaOid;
        final ASN1ObjectIdentifier ecdsaOid;

        Hash(ASN1ObjectIdentifier oid, String jcaName, int length, ASN1ObjectIdentifier rsaOid, ASN1ObjectIdentifier ecdsaOid) {
            this.oid = oid;
            this.jcaName = jcaName;
            this.length = length;
            this.rsaOid = rsaOid;
            this.ecdsaOid = ecdsaOid;
        }

        AlgorithmIdentifier identifier() {
            return new AlgorithmIdentifier(oid);
        }

        static Optional<Hash> of(ASN1ObjectIdentifier oid) {
            for (Hash h : values()) {
                if (h.oid.equals(oid)) {
                    return Optional.of(h);
                }
            }
            return Optional.empty();
        }
    }

    /** Known weak or obsolete algorithms, named so the rejection reason says what was found. */
    private static final Map<ASN1ObjectIdentifier, String> WEAK = Map.of(
            OIWObjectIdentifiers.idSHA1, "SHA-1",
            PKCSObjectIdentifiers.md5, "MD5",
            PKCSObjectIdentifiers.sha1WithRSAEncryption, "SHA-1 with RSA",
            PKCSObjectIdentifiers.md5WithRSAEncryption, "MD5 with RSA",
            X9ObjectIdentifiers.ecdsa_with_SHA1, "ECDSA with SHA-1",
            NISTObjectIdentifiers.id_sha224, "SHA-224",
            PKCSObjectIdentifiers.sha224WithRSAEncryption, "SHA-224 with RSA",
            X9ObjectIdentifiers.ecdsa_with_SHA224, "ECDSA with SHA-224",
            X9ObjectIdentifiers.id_dsa_with_sha1, "DSA with SHA-1");

    private final Scheme scheme;
    private final Hash hash;

    SignatureProfile(Scheme scheme, Hash hash) {
        this.scheme = scheme;
        this.hash = hash;
    }

    Scheme scheme() {
        return scheme;
    }

    Hash hash() {
        return hash;
    }

    /** The digest used for CMS message digests with this profile. */
    public String digestName() {
        return hash.jcaName;
    }

    /** JCA algorithm name understood by both BouncyCastle and SunPKCS11. */
    String jcaAlgorithm() {
        switch (scheme) {
            case RSA_PSS:
                return "RSASSA-PSS";
            case RSA_PKCS1:
                return hash.jcaName.replace("-", "") + "withRSA";
            case ECDSA:
                return hash.jcaName.replace("-", "") + "withECDSA";
            default:
                return "Ed25519";
        }
    }

    Optional<AlgorithmParameterSpec> jcaParameters() {
        if (scheme != Scheme.RSA_PSS) {
            return Optional.empty();
        }
        return Optional.of(new PSSParameterSpec(hash.jcaName, "MGF1", new MGF1ParameterSpec(hash.jcaName), hash.length, 1));
    }

    /** The signature AlgorithmIdentifier written into CMS. */
    public AlgorithmIdentifier signatureAlgorithm() {
        switch (scheme) {
            case RSA_PSS:
                return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, pssParams());
            case RSA_PKCS1:
                return new AlgorithmIdentifier(hash.rsaOid, DERNull.INSTANCE);
            case ECDSA:
                return new AlgorithmIdentifier(hash.ecdsaOid);
            default:
                return new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
        }
    }

    /** The digest AlgorithmIdentifier written into CMS. */
    public AlgorithmIdentifier digestAlgorithm() {
        return hash.identifier();
    }

    private RSASSAPSSparams pssParams() {
        AlgorithmIdentifier h = new AlgorithmIdentifier(hash.oid, DERNull.INSTANCE);
        return new RSASSAPSSparams(h, new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, h),
                new org.bouncycastle.asn1.ASN1Integer(hash.length), RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
    }

    /** The profile this API uses by default to sign with the given key. */
    public static SignatureProfile defaultFor(PublicKey key) throws KeyAccessException {
        KeyKind kind;
        try {
            kind = KeyKind.of(key);
        } catch (VerificationException e) {
            throw new KeyAccessException(e.reason(), e);
        }
        switch (kind) {
            case RSA:
                return RSA_PSS_SHA256;
            case EC_P256:
                return ECDSA_P256_SHA256;
            case EC_P384:
                return ECDSA_P384_SHA384;
            default:
                return ED25519;
        }
    }

    /** Refuses a key this profile may not sign with (RSA below 3072 bits, wrong curve). */
    public void checkSigningKey(PublicKey key) throws KeyAccessException {
        try {
            checkKey(key, RSA_MIN_SIGNING_BITS);
        } catch (VerificationException e) {
            throw new KeyAccessException(e.reason(), e);
        }
    }

    /** Refuses a key this profile may not verify with (RSA below 2048 bits, wrong curve, wrong type). */
    public void checkVerificationKey(PublicKey key) throws VerificationException {
        checkKey(key, RSA_MIN_VERIFY_BITS);
    }

    private void checkKey(PublicKey key, int rsaMin) throws VerificationException {
        KeyKind kind = KeyKind.of(key);
        switch (scheme) {
            case RSA_PSS:
            case RSA_PKCS1:
                if (kind != KeyKind.RSA) {
                    throw new VerificationException(this + " needs an RSA key, got " + kind.label);
                }
                int bits = ((RSAPublicKey) key).getModulus().bitLength();
                if (bits < rsaMin) {
                    throw new VerificationException("RSA key of " + bits + " bits is below the " + rsaMin + "-bit minimum");
                }
                if (bits > RSA_MAX_BITS) {
                    throw new VerificationException("RSA key of " + bits + " bits is above the " + RSA_MAX_BITS + "-bit maximum");
                }
                return;
            case ECDSA:
                KeyKind want = hash == Hash.SHA256 ? KeyKind.EC_P256 : KeyKind.EC_P384;
                if (kind != want) {
                    throw new VerificationException(this + " needs a " + want.label + " key, got " + kind.label);
                }
                return;
            default:
                if (kind != KeyKind.ED25519) {
                    throw new VerificationException(this + " needs an Ed25519 key, got " + kind.label);
                }
        }
    }

    /**
     * Maps the algorithms a CMS SignerInfo declares onto a profile. Anything not an exact approved
     * combination is refused with the reason: weak hash, unknown OID, PSS parameters that differ from
     * the profile, a hash that does not match the signature's hash, parameters where none belong.
     */
    static SignatureProfile fromCms(AlgorithmIdentifier signatureAlg, AlgorithmIdentifier digestAlg, PublicKey key)
            throws VerificationException {
        Hash digest = approvedDigest(digestAlg, "digest");
        ASN1ObjectIdentifier sig = signatureAlg.getAlgorithm();
        String weak = WEAK.get(sig);
        if (weak != null) {
            throw new VerificationException("signature algorithm " + weak + " is not approved (SP 800-131A)");
        }
        SignatureProfile profile;
        if (sig.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            // CMS (RFC 5754 section 3.2) lets the SignerInfo name plain rsaEncryption: PKCS#1 v1.5 with the digest algorithm.
            requireNullOrAbsent(signatureAlg, "rsaEncryption");
            profile = of(Scheme.RSA_PKCS1, digest);
        } else {
            profile = ofSignatureAlgorithm(signatureAlg);
        }
        if (profile.hash != digest) {
            throw new VerificationException("digest algorithm " + digest.jcaName + " does not match " + profile);
        }
        profile.checkVerificationKey(key);
        return profile;
    }

    /**
     * The profile a signature AlgorithmIdentifier (of a certificate or a SignerInfo) names on its own, or a
     * reason why it is not approved.
     */
    static SignatureProfile ofSignatureAlgorithm(AlgorithmIdentifier signatureAlg) throws VerificationException {
        ASN1ObjectIdentifier sig = signatureAlg.getAlgorithm();
        String weak = WEAK.get(sig);
        if (weak != null) {
            throw new VerificationException("signature algorithm " + weak + " is not approved (SP 800-131A)");
        }
        if (sig.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            return of(Scheme.RSA_PSS, pssHash(signatureAlg));
        }
        if (sig.equals(EdECObjectIdentifiers.id_Ed25519)) {
            requireAbsent(signatureAlg, "Ed25519");
            return ED25519;
        }
        for (Hash h : Hash.values()) {
            if (sig.equals(h.rsaOid)) {
                requireNullOrAbsent(signatureAlg, "RSA PKCS#1 v1.5");
                return of(Scheme.RSA_PKCS1, h);
            }
            if (sig.equals(h.ecdsaOid)) {
                requireAbsent(signatureAlg, "ECDSA");
                return ecdsa(h);
            }
        }
        throw new VerificationException("unknown or unapproved signature algorithm OID " + sig.getId());
    }

    /**
     * Checks the signature algorithm of a certificate against its issuer's key. Unlike CMS profiles, the hash
     * need not follow the curve (OpenSSL signs with SHA-256 under a P-384 CA), but every part must be approved.
     */
    static void checkCertificateSignature(AlgorithmIdentifier alg, PublicKey issuerKey) throws VerificationException {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        String weak = WEAK.get(oid);
        if (weak != null) {
            throw new VerificationException("certificate signed with " + weak + ", which is not approved (SP 800-131A)");
        }
        KeyKind kind = KeyKind.of(issuerKey);
        boolean ok;
        if (kind == KeyKind.RSA) {
            int bits = ((RSAPublicKey) issuerKey).getModulus().bitLength();
            if (bits < RSA_MIN_VERIFY_BITS) {
                throw new VerificationException("certificate issuer RSA key of " + bits + " bits is below the " + RSA_MIN_VERIFY_BITS + "-bit minimum");
            }
            ok = oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS) && pssHash(alg) != null;
            for (Hash h : Hash.values()) {
                ok |= oid.equals(h.rsaOid);
            }
        } else if (kind == KeyKind.ED25519) {
            ok = oid.equals(EdECObjectIdentifiers.id_Ed25519);
        } else {
            ok = false;
            for (Hash h : Hash.values()) {
                ok |= oid.equals(h.ecdsaOid);
            }
        }
        if (!ok) {
            throw new VerificationException("certificate signature algorithm " + oid.getId() + " is not approved for a " + kind.label + " issuer key");
        }
    }

    /** The approved hash named by a digest AlgorithmIdentifier, which may carry no parameters or NULL. */
    static Hash approvedDigest(AlgorithmIdentifier alg, String what) throws VerificationException {
        String weak = WEAK.get(alg.getAlgorithm());
        if (weak != null) {
            throw new VerificationException(what + " algorithm " + weak + " is not approved (SP 800-131A)");
        }
        Hash h = Hash.of(alg.getAlgorithm()).orElseThrow(() ->
                new VerificationException("unknown or unapproved " + what + " algorithm OID " + alg.getAlgorithm().getId()));
        requireNullOrAbsent(alg, what + " " + h.jcaName);
        return h;
    }

    private static SignatureProfile ecdsa(Hash h) throws VerificationException {
        if (h == Hash.SHA512) {
            throw new VerificationException("ECDSA with SHA-512 is not an approved profile here (use P-256/SHA-256 or P-384/SHA-384)");
        }
        return h == Hash.SHA256 ? ECDSA_P256_SHA256 : ECDSA_P384_SHA384;
    }

    private static SignatureProfile of(Scheme scheme, Hash hash) {
        for (SignatureProfile p : values()) {
            if (p.scheme == scheme && p.hash == hash) {
                return p;
            }
        }
        throw new IllegalStateException("no profile " + scheme + "/" + hash);
    }

    private static Hash pssHash(AlgorithmIdentifier alg) throws VerificationException {
        RSASSAPSSparams p;
        try {
            ASN1Encodable params = alg.getParameters();
            if (params == null) {
                throw new VerificationException("RSA-PSS without parameters means SHA-1, which is not approved");
            }
            p = RSASSAPSSparams.getInstance(params);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new VerificationException("RSA-PSS parameters are malformed");
        }
        Hash h = approvedDigest(p.getHashAlgorithm(), "RSA-PSS hash");
        if (!PKCSObjectIdentifiers.id_mgf1.equals(p.getMaskGenAlgorithm().getAlgorithm())) {
            throw new VerificationException("RSA-PSS mask generation " + p.getMaskGenAlgorithm().getAlgorithm().getId() + " is not MGF1");
        }
        AlgorithmIdentifier mgfHash;
        try {
            mgfHash = AlgorithmIdentifier.getInstance(p.getMaskGenAlgorithm().getParameters());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new VerificationException("RSA-PSS MGF1 parameters are malformed");
        }
        if (mgfHash == null || approvedDigest(mgfHash, "RSA-PSS MGF1 hash") != h) {
            throw new VerificationException("RSA-PSS MGF1 hash differs from the message hash " + h.jcaName);
        }
        BigInteger salt = p.getSaltLength();
        if (salt.bitLength() > 16 || salt.intValue() != h.length) {
            throw new VerificationException("RSA-PSS salt length " + salt + " is not the hash length " + h.length);
        }
        if (!BigInteger.ONE.equals(p.getTrailerField())) {
            throw new VerificationException("RSA-PSS trailer field " + p.getTrailerField() + " is not 1");
        }
        return h;
    }

    private static void requireNullOrAbsent(AlgorithmIdentifier alg, String what) throws VerificationException {
        ASN1Encodable p = alg.getParameters();
        if (p != null && !DERNull.INSTANCE.equals(p.toASN1Primitive())) {
            throw new VerificationException(what + " algorithm identifier carries unexpected parameters");
        }
    }

    private static void requireAbsent(AlgorithmIdentifier alg, String what) throws VerificationException {
        if (alg.getParameters() != null) {
            throw new VerificationException(what + " algorithm identifier carries unexpected parameters");
        }
    }

    /** What kind of public key this is, decided on the curve parameters rather than on provider-specific names. */
    enum KeyKind {
        RSA("RSA"), EC_P256("EC P-256"), EC_P384("EC P-384"), ED25519("Ed25519");

        final String label;

        KeyKind(String label) {
            this.label = label;
        }

        private static final ECParameterSpec P256 = curve("secp256r1");
        private static final ECParameterSpec P384 = curve("secp384r1");

        static KeyKind of(PublicKey key) throws VerificationException {
            if (key instanceof RSAPublicKey) {
                return RSA;
            }
            if (key instanceof ECPublicKey) {
                ECParameterSpec s = ((ECPublicKey) key).getParams();
                if (sameCurve(s, P256)) {
                    return EC_P256;
                }
                if (sameCurve(s, P384)) {
                    return EC_P384;
                }
                throw new VerificationException("EC key on a curve other than P-256 or P-384 is not approved");
            }
            byte[] enc = key.getEncoded();
            if (enc != null) {
                try {
                    ASN1ObjectIdentifier alg = SubjectPublicKeyInfo.getInstance(enc).getAlgorithm().getAlgorithm();
                    if (EdECObjectIdentifiers.id_Ed25519.equals(alg)) {
                        return ED25519;
                    }
                } catch (IllegalArgumentException e) {
                    // fall through to the generic refusal below
                }
            }
            throw new VerificationException("public key type " + key.getAlgorithm().toUpperCase(Locale.ROOT) + " is not approved");
        }

        private static boolean sameCurve(ECParameterSpec a, ECParameterSpec b) {
            return a.getCurve().equals(b.getCurve()) && a.getOrder().equals(b.getOrder())
                    && a.getGenerator().equals(b.getGenerator()) && a.getCofactor() == b.getCofactor();
        }

        private static ECParameterSpec curve(String name) {
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
                p.init(new ECGenParameterSpec(name));
                return p.getParameterSpec(ECParameterSpec.class);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK lacks curve " + name, e);
            }
        }
    }
}
