package dev.medsec.trust;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSProcessableFile;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;

/**
 * Makes detached CMS SignedData (RFC 5652) in DER: one SignerInfo with the content type, signing time,
 * message digest and algorithm protection (RFC 6211) as signed attributes, and the signer's certificate
 * chain. Each signature is verified with the certificate's public key before it is returned, which
 * catches a certificate that does not belong to the key (and faults in the signing device).
 */
public final class DetachedSigner {
    private final PrivateKeyHandle key;
    private final SignatureProfile profile;
    private final PublicKeySign sign;
    private final Clock clock;

    private DetachedSigner(PrivateKeyHandle key, SignatureProfile profile, Clock clock) throws KeyAccessException {
        this.key = key;
        this.profile = profile;
        this.sign = Signatures.signer(profile, key.key(), key.certificate().getPublicKey(), key.provider());
        this.clock = clock;
    }

    /** A signer with the default profile for the key: RSA-PSS/SHA-256, ECDSA with the curve's hash, or Ed25519. */
    public static DetachedSigner create(PrivateKeyHandle key) throws KeyAccessException {
        return create(key, SignatureProfile.defaultFor(key.certificate().getPublicKey()));
    }

    public static DetachedSigner create(PrivateKeyHandle key, SignatureProfile profile) throws KeyAccessException {
        return new DetachedSigner(key, profile, Clock.systemUTC());
    }

    static DetachedSigner create(PrivateKeyHandle key, SignatureProfile profile, Clock clock) throws KeyAccessException {
        return new DetachedSigner(key, profile, clock);
    }

    public SignatureProfile profile() {
        return profile;
    }

    /** Signs a file, streaming it for the digest; returns the DER .p7s bytes. */
    public byte[] sign(Path file) throws KeyAccessException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file");
        }
        byte[] p7s = generate(new CMSProcessableFile(file.toFile()));
        selfCheck(() -> DetachedVerifier.checkSignatureOnly(p7s, file, key.certificate()));
        return p7s;
    }

    public byte[] sign(byte[] data) throws KeyAccessException {
        byte[] p7s = generate(new CMSProcessableByteArray(data));
        selfCheck(() -> DetachedVerifier.checkSignatureOnly(p7s, data, key.certificate()));
        return p7s;
    }

    private interface Check {
        void run() throws TrustException;
    }

    private void selfCheck(Check check) throws KeyAccessException {
        try {
            check.run();
        } catch (TrustException e) {
            throw new KeyAccessException("the new signature does not verify with the signer certificate (" + e.reason() + ")", e);
        }
    }

    private byte[] generate(CMSTypedData content) throws KeyAccessException {
        X509Certificate cert = key.certificate();
        Date now = Date.from(clock.instant());
        try {
            cert.checkValidity(now);
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new KeyAccessException("signer certificate is not valid now: " + e.getMessage(), e);
        }
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().setProvider(Providers.BC).build())
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(
                            new Attribute(CMSAttributes.signingTime, new DERSet(new Time(now))))))
                    .build(new ProfileContentSigner(), cert));
            gen.addCertificates(new JcaCertStore(key.chain()));
            CMSSignedData signed = gen.generate(content, false);
            return signed.toASN1Structure().getEncoded(ASN1Encoding.DER);
        } catch (RuntimeOperatorException e) {
            Throwable c = e.getCause();
            throw c instanceof KeyAccessException ? (KeyAccessException) c
                    : new KeyAccessException("signing failed: " + e.getMessage(), e);
        } catch (OperatorCreationException | CMSException | CertificateEncodingException | IOException e) {
            throw new KeyAccessException("signing failed: " + e.getMessage(), e);
        }
    }

    /** Buffers the DER signed attributes (small) and signs them with the profile's primitive. */
    private final class ProfileContentSigner implements ContentSigner {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return profile.signatureAlgorithm();
        }

        @Override
        public OutputStream getOutputStream() {
            return buffer;
        }

        @Override
        public byte[] getSignature() {
            try {
                return sign.sign(buffer.toByteArray());
            } catch (KeyAccessException e) {
                throw new RuntimeOperatorException(e.reason(), e);
            }
        }
    }
}
