package dev.medsec.secureboot.verify;

import dev.medsec.secureboot.BouncyCastle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies CMS / PKCS#7 SignerInfos against trust anchors with BouncyCastle, and walks a signer's
 * certificate chain (certificates carried in the SignedData) up to an anchor. Validity periods are not
 * enforced: firmware signing certificates routinely outlive their validity, as UEFI and the kernel accept.
 */
public final class CmsVerifier {
    /** Digest algorithms no longer acceptable for signatures (SP 800-131A). */
    private static final Set<String> WEAK_DIGESTS = Set.of("1.3.14.3.2.26", "1.2.840.113549.2.5");
    private static final int MAX_CHAIN = 8;

    private CmsVerifier() {
    }

    /** A signer that verified: the certificate that signed and the anchor its chain ends in. */
    public record Verified(X509CertificateHolder signer, X509CertificateHolder anchor, String digestAlgorithm) {
    }

    public static String digestName(AlgorithmIdentifier alg) {
        return new DefaultAlgorithmNameFinder().getAlgorithmName(alg.getAlgorithm());
    }

    /**
     * The signer's digest is one the algorithm policy disallows (MD2/MD4/MD5, SHA-1). A digest the table does not
     * name is left to the signature check itself, which fails on what BouncyCastle cannot compute.
     */
    public static boolean weakDigest(AlgorithmIdentifier alg) {
        if (WEAK_DIGESTS.contains(alg.getAlgorithm().getId())) {
            return true;
        }
        String name = digestName(alg).toLowerCase(java.util.Locale.ROOT);
        dev.medsec.core.policy.CryptoPolicy p = dev.medsec.core.policy.CryptoPolicy.standard();
        return p.rule(dev.medsec.core.policy.CryptoPolicy.Kind.DIGEST, name)
                .or(() -> p.rule(dev.medsec.core.policy.CryptoPolicy.Kind.DIGEST, name.replace("-", "")))
                .map(r -> r.status().isWeak()).orElse(false);
    }

    /**
     * The envelope checks the kernel (pkcs7_parser) and Windows make and BouncyCastle leaves to the caller:
     * outer type signedData, SignedData version 1 or 3, the expected encapsulated content type, and the signer's
     * digest algorithm listed in digestAlgorithms. None of these bytes is covered by the signature itself, so
     * without these checks they could be altered undetected.
     */
    public static void checkEnvelope(CMSSignedData cms, String expectedContentType, String link)
            throws ChainVerificationException {
        if (!cms.toASN1Structure().getContentType().getId().equals("1.2.840.113549.1.7.2")) {
            throw new ChainVerificationException(link, "PKCS#7 structure", "outer content type is not signedData");
        }
        int version = cms.getVersion();
        boolean anySkid = cms.getSignerInfos().getSigners().stream().anyMatch(x -> x.getSID().getSubjectKeyIdentifier() != null);
        // RFC 5652 5.1: version 1 for id-data content signed by issuer and serial number only, else 3.
        // Authenticode keeps PKCS#7 version 1 for its own content type, so only id-data is held to the rule.
        boolean ok = expectedContentType.equals("1.2.840.113549.1.7.1")
                ? version == (anySkid ? 3 : 1) : (version == 1 || version == 3);
        if (!ok) {
            throw new ChainVerificationException(link, "PKCS#7 structure", "SignedData version " + version);
        }
        if (!cms.getSignedContentTypeOID().equals(expectedContentType)) {
            throw new ChainVerificationException(link, "PKCS#7 structure", "content type " + cms.getSignedContentTypeOID()
                    + " instead of " + expectedContentType);
        }
        for (SignerInformation s : cms.getSignerInfos().getSigners()) {
            if (!cms.getDigestAlgorithmIDs().contains(s.getDigestAlgorithmID())) {
                throw new ChainVerificationException(link, "PKCS#7 structure", "signer digest algorithm not listed in digestAlgorithms");
            }
            if (!nullOrAbsent(s.getDigestAlgorithmID().getParameters())
                    || (!s.getEncryptionAlgOID().equals("1.2.840.113549.1.1.10")
                    && !nullOrAbsentEncoded(s.getEncryptionAlgParams()))) {
                throw new ChainVerificationException(link, "PKCS#7 structure", "unexpected algorithm parameters");
            }
            int sv = s.getVersion();
            boolean bySkid = s.getSID().getSubjectKeyIdentifier() != null;
            if ((bySkid && sv != 3) || (!bySkid && sv != 1)) {
                throw new ChainVerificationException(link, "PKCS#7 structure", "SignerInfo version " + sv
                        + " does not match its signer identifier");
            }
        }
    }

    private static boolean nullOrAbsent(org.bouncycastle.asn1.ASN1Encodable params) {
        return params == null || params instanceof org.bouncycastle.asn1.ASN1Null;
    }

    private static boolean nullOrAbsentEncoded(byte[] params) {
        return params == null || (params.length == 2 && params[0] == 0x05 && params[1] == 0x00);
    }

    /**
     * The signer identifier names this certificate byte for byte (issuer DER and serial, or subject key id).
     * X.500 name matching would ignore case, which leaves the identifier malleable; the kernel compares bytes.
     */
    static boolean exactMatch(SignerInformation signer, X509CertificateHolder cert) {
        if (!signer.getSID().match(cert)) {
            return false;
        }
        if (signer.getSID().getIssuer() == null) {
            return true;
        }
        try {
            return java.util.Arrays.equals(signer.getSID().getIssuer().getEncoded("DER"), cert.getIssuer().getEncoded("DER"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Verifies {@code signer} of {@code cms} (its content already attached or supplied) and finds a chain from
     * its certificate to one of {@code anchors}. Throws with the reason when either fails.
     */
    public static Verified verifySigner(CMSSignedData cms, SignerInformation signer, List<X509CertificateHolder> anchors,
                                        String link) throws ChainVerificationException {
        if (weakDigest(signer.getDigestAlgorithmID())) {
            throw new ChainVerificationException(link, "digest algorithm", digestName(signer.getDigestAlgorithmID())
                    + " is too weak for a signature");
        }
        List<X509CertificateHolder> pool = certificates(cms);
        List<X509CertificateHolder> candidates = new ArrayList<>();
        for (X509CertificateHolder c : pool) {
            if (exactMatch(signer, c)) {
                candidates.add(c);
            }
        }
        for (X509CertificateHolder a : anchors) {
            if (exactMatch(signer, a) && !candidates.contains(a)) {
                candidates.add(a);
            }
        }
        if (candidates.isEmpty()) {
            throw new ChainVerificationException(link, "signer", "the signer's certificate (" + describe(signer)
                    + ") is neither in the signature nor among the trust anchors");
        }
        Optional<String> lastProblem = Optional.empty();
        for (X509CertificateHolder cert : candidates) {
            try {
                if (!signer.verify(verifier(cert))) {
                    lastProblem = Optional.of("signature does not verify with " + cert.getSubject());
                    continue;
                }
            } catch (CMSException | OperatorCreationException | RuntimeException e) {
                lastProblem = Optional.of("signature does not verify with " + cert.getSubject() + " (" + e.getMessage() + ")");
                continue;
            }
            Optional<X509CertificateHolder> anchor = chainToAnchor(cert, pool, anchors);
            if (anchor.isPresent()) {
                return new Verified(cert, anchor.get(), digestName(signer.getDigestAlgorithmID()));
            }
            throw new ChainVerificationException(link, "certificate chain", "signed by '" + cert.getSubject()
                    + "' (issuer '" + cert.getIssuer() + "'), which does not chain to a trusted anchor");
        }
        throw new ChainVerificationException(link, "signature", lastProblem.orElse("does not verify"));
    }

    private static SignerInformationVerifier verifier(X509CertificateHolder cert) throws OperatorCreationException {
        try {
            return new JcaSimpleSignerInfoVerifierBuilder().setProvider(BouncyCastle.PROVIDER).build(cert);
        } catch (java.security.cert.CertificateException e) {
            throw new OperatorCreationException(e.getMessage(), e);
        }
    }

    /** The anchor reached from {@code cert} by verified issuer links through {@code pool}, at most 8 links. */
    static Optional<X509CertificateHolder> chainToAnchor(X509CertificateHolder cert, List<X509CertificateHolder> pool,
                                                         List<X509CertificateHolder> anchors) {
        X509CertificateHolder cur = cert;
        for (int depth = 0; depth < MAX_CHAIN; depth++) {
            for (X509CertificateHolder a : anchors) {
                if (a.equals(cur)) {
                    return Optional.of(a);
                }
            }
            for (X509CertificateHolder a : anchors) {
                if (a.getSubject().equals(cur.getIssuer()) && signedBy(cur, a)) {
                    return Optional.of(a);
                }
            }
            X509CertificateHolder next = null;
            for (X509CertificateHolder c : pool) {
                if (!c.equals(cur) && c.getSubject().equals(cur.getIssuer()) && signedBy(cur, c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return Optional.empty();
            }
            cur = next;
        }
        return Optional.empty();
    }

    static boolean signedBy(X509CertificateHolder child, X509CertificateHolder issuer) {
        try {
            return child.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER).build(issuer));
        } catch (Exception e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    public static List<X509CertificateHolder> certificates(CMSSignedData cms) {
        Store<X509CertificateHolder> store = cms.getCertificates();
        Collection<X509CertificateHolder> all = store.getMatches(null);
        return new ArrayList<>(all);
    }

    public static String describe(SignerInformation s) {
        if (s.getSID().getIssuer() != null) {
            return "issuer '" + s.getSID().getIssuer() + "', serial " + s.getSID().getSerialNumber().toString(16);
        }
        byte[] skid = s.getSID().getSubjectKeyIdentifier();
        return "subject key id " + (skid == null ? "?" : java.util.HexFormat.of().formatHex(skid));
    }
}
