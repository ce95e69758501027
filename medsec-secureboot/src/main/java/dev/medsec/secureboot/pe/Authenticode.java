package dev.medsec.secureboot.pe;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.secureboot.verify.CmsVerifier;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * UEFI Authenticode: the image digest (everything but the checksum, the certificate-table directory entry
 * and the certificate table itself: headers, then sections in file order, then trailing data) and the
 * PKCS#7 SignedData of each WIN_CERTIFICATE, whose SpcIndirectDataContent carries the digest the signer saw.
 * An image verifies when at least one signature has the right digest, a valid signer and a chain to a
 * trusted anchor — as UEFI firmware and shim accept it — and no byte of the file escapes the digest except
 * the three excluded ranges.
 */
public final class Authenticode {
    public static final String SPC_INDIRECT_DATA = "1.3.6.1.4.1.311.2.1.4";
    public static final String SPC_PE_IMAGE_DATA = "1.3.6.1.4.1.311.2.1.15";
    private static final String LINK = "PE image";

    private Authenticode() {
    }

    /** What one embedded signature declares, before any verification. */
    public record SignatureInfo(int index, String digestAlgorithm, byte[] declaredDigest, List<String> signers,
                                List<String> certificates) {
        public SignatureInfo {
            declaredDigest = declaredDigest.clone();
            signers = List.copyOf(signers);
            certificates = List.copyOf(certificates);
        }

        @Override
        public byte[] declaredDigest() {
            return declaredDigest.clone();
        }
    }

    /** The Authenticode digest of the image with the given JCA digest algorithm. */
    public static byte[] digest(PeFile pe, String jcaAlgorithm) throws MalformedFormatException, NoSuchAlgorithmException {
        return digest(pe, MessageDigest.getInstance(jcaAlgorithm));
    }

    static byte[] digest(PeFile pe, MessageDigest md) throws MalformedFormatException {
        long headers = pe.sizeOfHeaders();
        int cks = pe.checksumOffset();
        int dir = pe.certDirEntryOffset();
        if (dir < 0) {
            throw new MalformedFormatException("PE: no certificate table directory entry; the image cannot be signed");
        }
        md.update(pe.range(0, cks));
        md.update(pe.range(cks + 4, dir - (cks + 4)));
        md.update(pe.range(dir + 8, headers - (dir + 8)));
        long hashed = headers;
        long end = pe.certTableSize() > 0 ? pe.certTableOffset() : pe.size();
        for (PeFile.Section s : pe.sectionsByFileOffset()) {
            if (s.pointerToRawData() + s.sizeOfRawData() > end) {
                throw new MalformedFormatException("PE: section " + s.name() + " overlaps the certificate table");
            }
            md.update(pe.data(s));
            hashed += s.sizeOfRawData();
        }
        if (end > hashed) {
            md.update(pe.range(hashed, end - hashed));
        }
        return md.digest();
    }

    /** The SignedData of each PKCS#7 WIN_CERTIFICATE entry, in table order. */
    public static List<CMSSignedData> signedData(PeFile pe) throws MalformedFormatException {
        List<CMSSignedData> out = new ArrayList<>();
        for (PeFile.Certificate c : pe.certificates()) {
            if (c.type() != PeFile.Certificate.TYPE_PKCS_SIGNED_DATA || c.revision() != 0x0200) {
                throw new MalformedFormatException("PE: WIN_CERTIFICATE revision 0x" + Integer.toHexString(c.revision())
                        + " type " + c.type() + " is not a PKCS#7 Authenticode signature");
            }
            int derLen = derLength(pe.buffer(), c);
            byte[] der = new byte[derLen];
            pe.buffer().position(c.offset()).get(der);
            try {
                out.add(new CMSSignedData(der));
            } catch (CMSException | RuntimeException e) {
                throw new MalformedFormatException("PE: signature " + out.size() + " is not PKCS#7 SignedData: "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * Length of the DER SignedData at the start of a WIN_CERTIFICATE's content. dwLength must be exactly the
     * header plus that, or that rounded up to 8 (signtool does so), and what lies between must be zero:
     * otherwise bytes no signature covers could be changed at will.
     */
    static int derLength(ByteBuffer b, PeFile.Certificate c) throws MalformedFormatException {
        int o = c.offset();
        if (c.length() < 4 || (b.get(o) & 0xff) != 0x30) {
            throw new MalformedFormatException("PE: signature at " + o + " is not a DER SEQUENCE");
        }
        int first = b.get(o + 1) & 0xff;
        long len;
        int hdr;
        if (first < 0x80) {
            len = first;
            hdr = 2;
        } else {
            int n = first & 0x7f;
            if (n < 1 || n > 4 || 2 + n > c.length()) {
                throw new MalformedFormatException("PE: signature at " + o + " has a bad DER length");
            }
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (b.get(o + 2 + i) & 0xff);
            }
            hdr = 2 + n;
        }
        long total = hdr + len;
        long exact = total + 8;
        long aligned = (exact + 7) & ~7L;
        long dw = c.length() + 8L;
        if (total > c.length() || (dw != exact && dw != aligned)) {
            throw new MalformedFormatException("PE: WIN_CERTIFICATE length " + dw + " does not match its "
                    + total + "-byte signature");
        }
        for (long p = o + total; p < o + c.length(); p++) {
            if (b.get((int) p) != 0) {
                throw new MalformedFormatException("PE: non-zero bytes after the signature at offset " + p);
            }
        }
        return (int) total;
    }

    /** The JDK's digest (SHA-NI accelerated) when it knows the OID, BouncyCastle's otherwise. */
    private static MessageDigest messageDigest(String oid) throws NoSuchAlgorithmException {
        try {
            return MessageDigest.getInstance(oid);
        } catch (NoSuchAlgorithmException e) {
            return MessageDigest.getInstance(oid, dev.medsec.secureboot.BouncyCastle.PROVIDER);
        }
    }

    /** Declared digest and signers of every signature, for listing. */
    public static List<SignatureInfo> describe(PeFile pe) throws MalformedFormatException {
        List<SignatureInfo> out = new ArrayList<>();
        int i = 0;
        for (CMSSignedData cms : signedData(pe)) {
            try {
                DigestInfo di = indirectDigest(cms);
                List<String> signers = new ArrayList<>();
                for (SignerInformation s : cms.getSignerInfos().getSigners()) {
                    signers.add(CmsVerifier.describe(s));
                }
                List<String> certs = CmsVerifier.certificates(cms).stream().map(c -> c.getSubject().toString()).toList();
                out.add(new SignatureInfo(i++, di.algorithmName(), di.digest(), signers, certs));
            } catch (RuntimeException e) {
                throw new MalformedFormatException("PE: signature " + i + " is malformed: " + e, e);
            }
        }
        return out;
    }

    record DigestInfo(AlgorithmIdentifier algorithm, byte[] digest) {
        String algorithmName() {
            return new DefaultAlgorithmNameFinder().getAlgorithmName(algorithm.getAlgorithm());
        }
    }

    /** SpcIndirectDataContent ::= SEQUENCE { data SpcAttributeTypeAndOptionalValue, messageDigest DigestInfo }. */
    static DigestInfo indirectDigest(CMSSignedData cms) throws MalformedFormatException {
        if (!SPC_INDIRECT_DATA.equals(cms.getSignedContentTypeOID())) {
            throw new MalformedFormatException("PE: signed content is " + cms.getSignedContentTypeOID()
                    + ", not SpcIndirectDataContent");
        }
        Object content = cms.getSignedContent() == null ? null : cms.getSignedContent().getContent();
        if (!(content instanceof ASN1Encodable enc)) {
            throw new MalformedFormatException("PE: SpcIndirectDataContent missing");
        }
        ASN1Sequence seq = ASN1Sequence.getInstance(enc);
        if (seq.size() != 2) {
            throw new MalformedFormatException("PE: SpcIndirectDataContent has " + seq.size() + " fields");
        }
        ASN1Sequence data = ASN1Sequence.getInstance(seq.getObjectAt(0));
        if (!ASN1ObjectIdentifier.getInstance(data.getObjectAt(0)).getId().equals(SPC_PE_IMAGE_DATA)) {
            throw new MalformedFormatException("PE: SpcIndirectDataContent is not for a PE image");
        }
        ASN1Sequence di = ASN1Sequence.getInstance(seq.getObjectAt(1));
        return new DigestInfo(AlgorithmIdentifier.getInstance(di.getObjectAt(0)),
                ASN1OctetString.getInstance(di.getObjectAt(1)).getOctets());
    }

    /**
     * Verifies the image against trusted certificates. Returns the link of the first signature that verifies;
     * throws with the reason of the last failure otherwise.
     */
    public static VerifiedLink verify(PeFile pe, List<X509CertificateHolder> anchors)
            throws ChainVerificationException, MalformedFormatException {
        if (anchors.isEmpty()) {
            throw new ChainVerificationException("trust anchor", "certificates", "no certificate to verify the image with");
        }
        checkNothingUnsigned(pe);
        List<CMSSignedData> sigs = signedData(pe);
        if (sigs.isEmpty()) {
            throw new ChainVerificationException(LINK, "signature", "not signed (no attribute certificate table)");
        }
        Optional<ChainVerificationException> last = Optional.empty();
        for (int i = 0; i < sigs.size(); i++) {
            String link = LINK + " signature " + i;
            try {
                return verifyOne(pe, sigs.get(i), anchors, link);
            } catch (ChainVerificationException e) {
                last = Optional.of(e);
            } catch (RuntimeException e) {
                throw new MalformedFormatException(link + ": malformed PKCS#7 structure: " + e, e);
            }
        }
        throw last.orElseThrow();
    }

    private static VerifiedLink verifyOne(PeFile pe, CMSSignedData cms, List<X509CertificateHolder> anchors, String link)
            throws ChainVerificationException, MalformedFormatException {
        CmsVerifier.checkEnvelope(cms, SPC_INDIRECT_DATA, link);
        DigestInfo di = indirectDigest(cms);
        byte[] actual;
        try {
            actual = digest(pe, messageDigest(di.algorithm().getAlgorithm().getId()));
        } catch (NoSuchAlgorithmException e) {
            throw new ChainVerificationException(link, "digest", "unsupported digest " + di.algorithmName());
        }
        if (CmsVerifier.weakDigest(di.algorithm())) {
            throw new ChainVerificationException(link, "digest algorithm", di.algorithmName() + " is too weak");
        }
        if (!MessageDigest.isEqual(actual, di.digest())) {
            throw new ChainVerificationException(link, "image digest", "the Authenticode " + di.algorithmName()
                    + " digest of the file does not match the signed one");
        }
        if (cms.getSignerInfos().size() != 1) {
            throw new ChainVerificationException(link, "signature", cms.getSignerInfos().size()
                    + " signers; Authenticode allows one per SignedData");
        }
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        CmsVerifier.Verified v = CmsVerifier.verifySigner(cms, signer, anchors, link);
        return new VerifiedLink(link, "Authenticode " + di.algorithmName() + ", signer " + v.signer().getSubject(),
                v.anchor().getSubject().toString());
    }

    /** Bytes after the certificate table, or non-zero alignment padding inside it, would escape the digest. */
    static void checkNothingUnsigned(PeFile pe) throws ChainVerificationException, MalformedFormatException {
        if (pe.certTableSize() == 0) {
            return;
        }
        long end = pe.certTableOffset() + pe.certTableSize();
        if (end != pe.size()) {
            throw new ChainVerificationException(LINK, "coverage", (pe.size() - end)
                    + " bytes after the certificate table are covered by no signature");
        }
        ByteBuffer b = pe.buffer();
        for (PeFile.Certificate c : pe.certificates()) {
            long padEnd = Math.min(end, c.offset() + ((c.length() + 8 + 7L) & ~7L) - 8);
            for (long p = c.offset() + c.length(); p < padEnd; p++) {
                if (b.get((int) p) != 0) {
                    throw new ChainVerificationException(LINK, "coverage", "non-zero padding after signature at offset " + p);
                }
            }
        }
    }

    /** The .sbat section's CSV text (UEFI revocation metadata), if any. */
    public static Optional<String> sbat(PeFile pe) {
        return pe.section(".sbat").map(s -> {
            ByteBuffer d = pe.data(s);
            byte[] bytes = new byte[(int) Math.min(d.remaining(), Math.min(s.virtualSize() == 0 ? d.remaining() : s.virtualSize(), 65536))];
            d.get(bytes);
            int len = 0;
            while (len < bytes.length && bytes[len] != 0) {
                len++;
            }
            return new String(bytes, 0, len, java.nio.charset.StandardCharsets.UTF_8);
        });
    }
}
