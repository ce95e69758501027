package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.operator.ContentVerifier;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import javax.security.auth.x500.X500Principal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a detached CMS SignedData signature over a file: returns only when the file is authentic and
 * throws otherwise. Authentic means: strict DER; one signer; signed attributes with content type, message
 * digest and signing time; an approved algorithm profile; a valid signature over the attributes and a
 * matching digest of the file; a signer certificate that chains to one of the trust anchors (PKIX) at the
 * signing time, allows digitalSignature, and (optionally) has the required subject. Every certificate the
 * signature carries must be part of that chain, so nothing unauthenticated rides along.
 *
 * <p>Revocation is not checked (no network on a device); the signing time is the signer's own claim.
 */
public final class DetachedVerifier {
    /** A detached signature with a certificate chain is a few KB; anything far larger is hostile. */
    public static final int MAX_SIGNATURE_BYTES = 1 << 20;
    /** Clock skew tolerated between the signer and this verifier. */
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final int MAX_CHAIN = 8;

    private final List<X509Certificate> anchors;
    private final Optional<X500Principal> requiredSigner;
    private final Clock clock;

    private DetachedVerifier(List<X509Certificate> anchors, Optional<X500Principal> requiredSigner, Clock clock) {
        this.anchors = List.copyOf(anchors);
        this.requiredSigner = requiredSigner;
        this.clock = clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the trust configuration; anchors are checked for approved keys when built. */
    public static final class Builder {
        private final List<X509Certificate> anchors = new ArrayList<>();
        private Optional<X500Principal> requiredSigner = Optional.empty();
        private Clock clock = Clock.systemUTC();

        public Builder trustAnchor(X509Certificate anchor) {
            anchors.add(anchor);
            return this;
        }

        public Builder trustAnchors(Collection<X509Certificate> all) {
            anchors.addAll(all);
            return this;
        }

        /** Requires the signer's subject to equal this RFC 2253 name (compared canonically). */
        public Builder requireSigner(String subject) throws MalformedTrustDataException {
            try {
                requiredSigner = Optional.of(new X500Principal(subject));
            } catch (IllegalArgumentException e) {
                throw new MalformedTrustDataException("required signer '" + subject + "' is not a distinguished name", e);
            }
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public DetachedVerifier build() throws KeyAccessException {
            if (anchors.isEmpty()) {
                throw new KeyAccessException("at least one trust anchor is required");
            }
            for (X509Certificate a : anchors) {
                try {
                    SignatureProfile.KeyKind kind = SignatureProfile.KeyKind.of(a.getPublicKey());
                    if (kind == SignatureProfile.KeyKind.RSA) {
                        int bits = ((java.security.interfaces.RSAPublicKey) a.getPublicKey()).getModulus().bitLength();
                        if (bits < SignatureProfile.RSA_MIN_VERIFY_BITS) {
                            throw new VerificationException("RSA key of " + bits + " bits");
                        }
                    }
                } catch (VerificationException e) {
                    throw new KeyAccessException("trust anchor " + a.getSubjectX500Principal().getName() + " has an unapproved key: " + e.reason(), e);
                }
            }
            return new DetachedVerifier(anchors, requiredSigner, clock);
        }
    }

    public void verify(Path content, byte[] signature) throws VerificationException, MalformedTrustDataException {
        if (!Files.isRegularFile(content)) {
            throw new MalformedTrustDataException(content + ": not a readable file");
        }
        verify(new CMSProcessableFile(content.toFile()), signature);
    }

    public void verify(byte[] content, byte[] signature) throws VerificationException, MalformedTrustDataException {
        verify(new CMSProcessableByteArray(content), signature);
    }

    private void verify(CMSTypedData content, byte[] signature) throws VerificationException, MalformedTrustDataException {
        Parsed p = parse(signature);
        checkSignature(p, content);
        Date signingTime = p.signingTime();
        if (signingTime.toInstant().isAfter(clock.instant().plus(SKEW))) {
            throw new VerificationException("signing time " + signingTime.toInstant() + " is in the future");
        }
        List<X509Certificate> path = chain(p.signer(), p.certificates(), signingTime);
        checkKeyUsage(p.signer());
        Set<X509Certificate> allowed = new HashSet<>(path);
        allowed.add(p.signer());
        allowed.addAll(anchors);
        for (X509Certificate c : p.certificates()) {
            if (!allowed.contains(c)) {
                throw new VerificationException("signature carries a certificate outside the signer's chain: "
                        + c.getSubjectX500Principal().getName());
            }
        }
        if (requiredSigner.isPresent() && !requiredSigner.get().equals(p.signer().getSubjectX500Principal())) {
            throw new VerificationException("signer is " + p.signer().getSubjectX500Principal().getName()
                    + ", not the required " + requiredSigner.get().getName());
        }
    }

    /** Signature and digest only, against a given certificate; used to check a signature just made. */
    static void checkSignatureOnly(byte[] signature, Path content, X509Certificate cert) throws TrustException {
        Parsed p = parse(signature);
        if (!p.signer().equals(cert)) {
            throw new VerificationException("signer certificate differs");
        }
        checkSignature(p, new CMSProcessableFile(content.toFile()));
    }

    static void checkSignatureOnly(byte[] signature, byte[] content, X509Certificate cert) throws TrustException {
        Parsed p = parse(signature);
        if (!p.signer().equals(cert)) {
            throw new VerificationException("signer certificate differs");
        }
        checkSignature(p, new CMSProcessableByteArray(content));
    }

    record Parsed(ContentInfo contentInfo, SignerInfo signerInfo, List<X509Certificate> certificates,
                  X509Certificate signer, SignatureProfile profile, Date signingTime) {
    }

    static Parsed parse(byte[] signature) throws VerificationException, MalformedTrustDataException {
        if (signature.length > MAX_SIGNATURE_BYTES) {
            throw new MalformedTrustDataException("signature of " + signature.length + " bytes exceeds " + MAX_SIGNATURE_BYTES);
        }
        ASN1Primitive prim;
        try {
            prim = ASN1Primitive.fromByteArray(signature);
            if (!Arrays.equals(prim.getEncoded(ASN1Encoding.DER), signature)) {
                throw new MalformedTrustDataException("signature is not canonical DER");
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedTrustDataException("signature is not DER-encoded CMS: " + e.getMessage(), e);
        }
        try {
            return structure(prim);
        } catch (RuntimeException e) {
            // BouncyCastle's ASN.1 accessors signal malformed structures with assorted unchecked exceptions.
            throw new MalformedTrustDataException("signature is not well-formed CMS SignedData: " + e, e);
        }
    }

    private static Parsed structure(ASN1Primitive prim) throws VerificationException, MalformedTrustDataException {
        ContentInfo ci = ContentInfo.getInstance(prim);
        if (!CMSObjectIdentifiers.signedData.equals(ci.getContentType())) {
            throw new MalformedTrustDataException("not CMS SignedData (content type " + ci.getContentType().getId() + ")");
        }
        StrictAsn1.requireCanonical(new ContentInfo(ci.getContentType(), ci.getContent()), prim, "signature ContentInfo");
        SignedData sd = SignedData.getInstance(ci.getContent());
        StrictAsn1.requireCanonical(new SignedData(sd.getDigestAlgorithms(), sd.getEncapContentInfo(), sd.getCertificates(),
                sd.getCRLs(), sd.getSignerInfos()), ci.getContent(), "SignedData");
        if (!CMSObjectIdentifiers.data.equals(sd.getEncapContentInfo().getContentType())) {
            throw new VerificationException("signed content type " + sd.getEncapContentInfo().getContentType().getId() + " is not id-data");
        }
        if (sd.getEncapContentInfo().getContent() != null) {
            throw new VerificationException("signature embeds its content; a detached signature is expected");
        }
        if (sd.getCRLs() != null) {
            throw new VerificationException("signature carries revocation lists, which are not accepted");
        }
        if (sd.getSignerInfos().size() != 1) {
            throw new VerificationException("expected exactly one signer, found " + sd.getSignerInfos().size());
        }
        SignerInfo si = SignerInfo.getInstance(sd.getSignerInfos().getObjectAt(0));
        StrictAsn1.requireCanonical(new SignerInfo(si.getSID(), si.getDigestAlgorithm(), si.getAuthenticatedAttributes(),
                si.getDigestEncryptionAlgorithm(), si.getEncryptedDigest(), si.getUnauthenticatedAttributes()),
                sd.getSignerInfos().getObjectAt(0), "SignerInfo");
        SignerIdentifier sid = si.getSID();
        int expectedVersion = sid.isTagged() ? 3 : 1;
        if (si.getVersion().intValueExact() != expectedVersion || sd.getVersion().intValueExact() != expectedVersion) {
            throw new VerificationException("CMS version numbers do not match the structure (RFC 5652 section 5.1)");
        }
        ASN1Set digestAlgs = sd.getDigestAlgorithms();
        if (digestAlgs.size() != 1 || !AlgorithmIdentifier.getInstance(digestAlgs.getObjectAt(0)).equals(si.getDigestAlgorithm())) {
            throw new VerificationException("digest algorithm list does not match the signer's digest algorithm");
        }
        if (si.getUnauthenticatedAttributes() != null) {
            throw new VerificationException("unsigned attributes are not accepted");
        }
        ASN1Set signedAttrs = si.getAuthenticatedAttributes();
        if (signedAttrs == null) {
            throw new VerificationException("no signed attributes: the signing time and content digest must be signed");
        }
        List<X509Certificate> certs = new ArrayList<>();
        if (sd.getCertificates() != null) {
            for (ASN1Encodable e : sd.getCertificates()) {
                if (!(e.toASN1Primitive() instanceof ASN1Sequence)) {
                    throw new VerificationException("signature carries a certificate type other than X.509");
                }
                if (org.bouncycastle.asn1.x509.Certificate.getInstance(e).getSignature().getPadBits() != 0) {
                    // The JDK ignores the unused-bits count of the signature BIT STRING; we do not let it vary.
                    throw new VerificationException("embedded certificate signature has unused bits");
                }
                try {
                    certs.add(Certificates.parseOne(e.toASN1Primitive().getEncoded(ASN1Encoding.DER), "embedded certificate"));
                } catch (IOException ex) {
                    throw new MalformedTrustDataException("embedded certificate cannot be encoded", ex);
                }
            }
        }
        X509Certificate signer = findSigner(sid, certs);
        SignatureProfile profile = SignatureProfile.fromCms(si.getDigestEncryptionAlgorithm(), si.getDigestAlgorithm(), signer.getPublicKey());
        Date signingTime = signingTime(new AttributeTable(signedAttrs), signedAttrs);
        return new Parsed(ci, si, certs, signer, profile, signingTime);
    }

    private static X509Certificate findSigner(SignerIdentifier sid, List<X509Certificate> certs) throws VerificationException {
        for (X509Certificate c : certs) {
            if (sid.isTagged()) {
                byte[] ski = c.getExtensionValue(Extension.subjectKeyIdentifier.getId());
                byte[] want = ASN1OctetString.getInstance(sid.getId()).getOctets();
                if (ski != null && Arrays.equals(ASN1OctetString.getInstance(ASN1OctetString.getInstance(ski).getOctets()).getOctets(), want)) {
                    return c;
                }
            } else {
                IssuerAndSerialNumber ias = IssuerAndSerialNumber.getInstance(sid.getId());
                try {
                    if (c.getSerialNumber().equals(ias.getSerialNumber().getValue())
                            && c.getIssuerX500Principal().equals(new X500Principal(ias.getName().getEncoded(ASN1Encoding.DER)))) {
                        return c;
                    }
                } catch (IOException e) {
                    throw new VerificationException("signer identifier cannot be encoded", e);
                }
            }
        }
        throw new VerificationException("the signer's certificate is not in the signature");
    }

    private static Date signingTime(AttributeTable table, ASN1Set raw) throws VerificationException {
        int count = 0;
        for (ASN1Encodable e : raw) {
            if (Attribute.getInstance(e).getAttrType().equals(CMSAttributes.signingTime)) {
                count++;
            }
        }
        Attribute a = table.get(CMSAttributes.signingTime);
        if (count != 1 || a == null || a.getAttrValues().size() != 1) {
            throw new VerificationException(count == 0 ? "no signing time among the signed attributes"
                    : "the signing time attribute must occur once with one value");
        }
        return Time.getInstance(a.getAttrValues().getObjectAt(0)).getDate();
    }

    /** Digest of the content against the message-digest attribute, then the signature over the attributes. */
    private static void checkSignature(Parsed p, CMSTypedData content) throws VerificationException, MalformedTrustDataException {
        PublicKeyVerify primitive = Signatures.verifier(p.profile(), p.signer().getPublicKey());
        try {
            CMSSignedData cms = new CMSSignedData(content, p.contentInfo());
            SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
            SignerInformationVerifier verifier = new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
                    new DefaultSignatureAlgorithmIdentifierFinder(), new ProfileVerifierProvider(p.profile(), primitive),
                    new JcaDigestCalculatorProviderBuilder().build());
            if (!info.verify(verifier)) {
                throw new VerificationException("signature does not match the signed attributes (" + p.profile() + ")");
            }
        } catch (CMSSignerDigestMismatchException e) {
            throw new VerificationException("file digest does not match the signed digest: the file was altered", e);
        } catch (RuntimeOperatorException e) {
            if (e.getCause() instanceof VerificationException) {
                throw (VerificationException) e.getCause();
            }
            throw new VerificationException("signature check failed: " + e.getMessage(), e);
        } catch (CMSException e) {
            if (e.getCause() instanceof IOException) {
                throw new MalformedTrustDataException("cannot read the signed file: " + e.getCause().getMessage(), e);
            }
            throw new VerificationException("signature check failed: " + e.getMessage(), e);
        } catch (OperatorCreationException | RuntimeException e) {
            throw new VerificationException("signature check failed: " + e.getMessage(), e);
        }
    }

    /** Hands BouncyCastle's SignerInformation our profile-bound primitive, whatever name BC derives. */
    private static final class ProfileVerifierProvider implements ContentVerifierProvider {
        private final SignatureProfile profile;
        private final PublicKeyVerify primitive;

        ProfileVerifierProvider(SignatureProfile profile, PublicKeyVerify primitive) {
            this.profile = profile;
            this.primitive = primitive;
        }

        @Override
        public boolean hasAssociatedCertificate() {
            return false;
        }

        @Override
        public X509CertificateHolder getAssociatedCertificate() {
            return null;
        }

        @Override
        public ContentVerifier get(AlgorithmIdentifier ignored) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            return new ContentVerifier() {
                @Override
                public AlgorithmIdentifier getAlgorithmIdentifier() {
                    return profile.signatureAlgorithm();
                }

                @Override
                public OutputStream getOutputStream() {
                    return buffer;
                }

                @Override
                public boolean verify(byte[] signature) {
                    try {
                        primitive.verify(signature, buffer.toByteArray());
                        return true;
                    } catch (VerificationException e) {
                        return false;
                    }
                }
            };
        }
    }

    /** PKIX path from the signer to an anchor, valid at the signing time; then every link's algorithms. */
    private List<X509Certificate> chain(X509Certificate signer, List<X509Certificate> certs, Date at) throws VerificationException {
        checkValidity(signer, at);
        for (X509Certificate a : anchors) {
            if (a.equals(signer)) {
                try {
                    signer.checkValidity(at);
                } catch (CertificateExpiredException | CertificateNotYetValidException e) {
                    throw new VerificationException("signer certificate was not valid at the signing time " + at.toInstant(), e);
                }
                return List.of();
            }
        }
        Set<TrustAnchor> trust = new HashSet<>();
        for (X509Certificate a : anchors) {
            trust.add(new TrustAnchor(a, null));
        }
        List<X509Certificate> path;
        TrustAnchor used;
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trust, target);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(certs)));
            params.setRevocationEnabled(false);
            params.setDate(at);
            params.setMaxPathLength(MAX_CHAIN);
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            path = new ArrayList<>();
            for (var c : r.getCertPath().getCertificates()) {
                path.add((X509Certificate) c);
            }
            used = r.getTrustAnchor();
        } catch (CertPathBuilderException e) {
            throw new VerificationException("signer certificate does not chain to a trust anchor at the signing time "
                    + at.toInstant() + reason(e), e);
        } catch (GeneralSecurityException e) {
            throw new VerificationException("certificate path check failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < path.size(); i++) {
            PublicKey issuerKey = i + 1 < path.size() ? path.get(i + 1).getPublicKey() : used.getTrustedCert().getPublicKey();
            X509Certificate c = path.get(i);
            try {
                SignatureProfile.checkCertificateSignature(
                        AlgorithmIdentifier.getInstance(ASN1Sequence.getInstance(c.getEncoded()).getObjectAt(1)), issuerKey);
                SignatureProfile.KeyKind.of(c.getPublicKey());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new VerificationException("certificate " + c.getSubjectX500Principal().getName() + " cannot be read", e);
            } catch (VerificationException e) {
                throw new VerificationException(c.getSubjectX500Principal().getName() + ": " + e.reason(), e);
            }
        }
        return path;
    }

    private static String reason(CertPathBuilderException e) {
        Throwable c = e.getCause();
        String m = c != null && c.getMessage() != null ? c.getMessage() : e.getMessage();
        return m == null ? "" : " (" + m + ")";
    }

    /**
     * What verify-file would say of a signature made with {@code signer} at {@code at} before any chain is built:
     * validity at that time, key usage and extended key usage. {@code medsec sign} asks it first, so that it never
     * writes a signature its own verification rejects.
     */
    public static void checkSignerCertificate(X509Certificate signer, Date at) throws VerificationException {
        checkValidity(signer, at);
        checkKeyUsage(signer);
    }

    /** "expired on ..." or "not valid before ...": said as such, not as a chain that does not build. */
    private static void checkValidity(X509Certificate signer, Date at) throws VerificationException {
        try {
            signer.checkValidity(at);
        } catch (CertificateExpiredException e) {
            throw new VerificationException("signer certificate " + signer.getSubjectX500Principal().getName()
                    + " expired on " + signer.getNotAfter().toInstant() + " (signing time " + at.toInstant() + ")", e);
        } catch (CertificateNotYetValidException e) {
            throw new VerificationException("signer certificate " + signer.getSubjectX500Principal().getName()
                    + " is not valid before " + signer.getNotBefore().toInstant() + " (signing time " + at.toInstant() + ")", e);
        }
    }

    private static void checkKeyUsage(X509Certificate signer) throws VerificationException {
        boolean[] ku = signer.getKeyUsage();
        if (ku == null) {
            throw new VerificationException("signer certificate has no key usage extension (digitalSignature required)");
        }
        if (ku.length == 0 || !ku[0]) {
            throw new VerificationException("signer certificate key usage does not allow digitalSignature");
        }
        try {
            List<String> eku = signer.getExtendedKeyUsage();
            if (eku != null && !eku.contains("1.3.6.1.5.5.7.3.3") && !eku.contains("1.3.6.1.5.5.7.3.4") && !eku.contains("2.5.29.37.0")) {
                throw new VerificationException("signer certificate extended key usage allows neither code signing nor email protection");
            }
        } catch (CertificateParsingException e) {
            throw new VerificationException("signer certificate extended key usage cannot be read", e);
        }
    }
}
