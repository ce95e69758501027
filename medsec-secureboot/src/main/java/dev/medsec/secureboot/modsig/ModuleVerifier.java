package dev.medsec.secureboot.modsig;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.secureboot.verify.CmsVerifier;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;

/**
 * Verifies a kernel module's appended PKCS#7 signature the way the kernel does (mod_verify_sig): a detached
 * SignedData over every byte before the signature, by a certificate the verifier trusts.
 */
public final class ModuleVerifier {
    private static final String LINK = "module";
    private static final String ID_DATA = "1.2.840.113549.1.7.1";

    private ModuleVerifier() {
    }

    /** Verifies a module (compressed or not) against {@code anchors}; returns the verified link. */
    public static VerifiedLink verify(ByteBuffer raw, List<X509CertificateHolder> anchors)
            throws ChainVerificationException, MalformedFormatException {
        ByteBuffer module = KernelModules.content(raw);
        ModuleSignature sig = ModuleSignature.parse(module)
                .orElseThrow(() -> new ChainVerificationException(LINK, "signature", "not signed (no '~Module signature appended~' trailer)"));
        if (anchors.isEmpty()) {
            throw new ChainVerificationException("trust anchor", "certificates", "no certificate to verify the module with");
        }
        CMSSignedData cms = parse(module, sig);
        try {
            return verifyParsed(cms, anchors);
        } catch (RuntimeException e) {
            // BouncyCastle decodes parts of the structure lazily; a malformed field surfaces here.
            throw new MalformedFormatException("module signature: malformed PKCS#7 structure: " + e, e);
        }
    }

    private static VerifiedLink verifyParsed(CMSSignedData cms, List<X509CertificateHolder> anchors)
            throws ChainVerificationException {
        CmsVerifier.checkEnvelope(cms, ID_DATA, LINK);
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            throw new ChainVerificationException(LINK, "signature", "the PKCS#7 blob has no signer");
        }
        // The kernel accepts exactly one SignerInfo; more would let a second, unchecked signer ride along.
        if (signers.size() != 1) {
            throw new ChainVerificationException(LINK, "signature", signers.size() + " signers; the kernel accepts one");
        }
        SignerInformation signer = signers.iterator().next();
        CmsVerifier.Verified v = CmsVerifier.verifySigner(cms, signer, anchors, LINK);
        return new VerifiedLink(LINK, "PKCS#7 " + v.digestAlgorithm() + " signature", v.signer().getSubject().toString());
    }

    /** The SignedData of a module signature, with the module bytes as its detached content. */
    public static CMSSignedData parse(ByteBuffer module, ModuleSignature sig) throws MalformedFormatException {
        byte[] content = new byte[sig.signedLength()];
        module.duplicate().position(0).get(content);
        byte[] der = new byte[sig.pkcs7Length()];
        module.duplicate().position(sig.pkcs7Offset()).get(der);
        try {
            return new CMSSignedData(new CMSProcessableByteArray(content), der);
        } catch (CMSException | RuntimeException e) {
            throw new MalformedFormatException("module signature: PKCS#7 blob does not parse: " + e.getMessage(), e);
        }
    }
}
