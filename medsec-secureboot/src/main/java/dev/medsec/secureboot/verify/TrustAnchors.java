package dev.medsec.secureboot.verify;

import dev.medsec.secureboot.BouncyCastle;
import dev.medsec.formats.MalformedFormatException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Trust anchors given as files: X.509 certificates (PEM, possibly several, or DER) and PEM public keys.
 * (U-Boot control DTBs are read by {@link dev.medsec.secureboot.fit.ControlDtbKeys}.)
 */
public record TrustAnchors(List<X509CertificateHolder> certificates, List<PublicKey> publicKeys) {
    public TrustAnchors {
        certificates = List.copyOf(certificates);
        publicKeys = List.copyOf(publicKeys);
    }

    public static TrustAnchors empty() {
        return new TrustAnchors(List.of(), List.of());
    }

    public boolean isEmpty() {
        return certificates.isEmpty() && publicKeys.isEmpty();
    }

    public TrustAnchors plus(TrustAnchors o) {
        List<X509CertificateHolder> c = new ArrayList<>(certificates);
        c.addAll(o.certificates);
        List<PublicKey> k = new ArrayList<>(publicKeys);
        k.addAll(o.publicKeys);
        return new TrustAnchors(c, k);
    }

    /** Reads a PEM bundle (certificates and public keys) or a single DER certificate. */
    public static TrustAnchors parse(byte[] content) throws MalformedFormatException {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        List<X509CertificateHolder> certs = new ArrayList<>();
        List<PublicKey> keys = new ArrayList<>();
        try {
            if (text.contains("-----BEGIN ")) {
                try (PEMParser p = new PEMParser(new StringReader(text))) {
                    Object o;
                    while ((o = p.readObject()) != null) {
                        if (o instanceof X509CertificateHolder c) {
                            certs.add(c);
                        } else if (o instanceof SubjectPublicKeyInfo spki) {
                            keys.add(publicKey(spki));
                        }
                    }
                }
            } else {
                certs.add(new X509CertificateHolder(content));
            }
        } catch (IOException | RuntimeException e) {
            throw new MalformedFormatException("trust anchor: not a certificate or public key: " + e.getMessage(), e);
        }
        if (certs.isEmpty() && keys.isEmpty()) {
            throw new MalformedFormatException("trust anchor: no certificate or public key found");
        }
        return new TrustAnchors(certs, keys);
    }

    static PublicKey publicKey(SubjectPublicKeyInfo spki) throws IOException {
        try {
            String alg = spki.getAlgorithm().getAlgorithm().getId().equals("1.2.840.10045.2.1") ? "EC" : "RSA";
            return KeyFactory.getInstance(alg, BouncyCastle.PROVIDER).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Subject of a certificate, for messages. */
    public static String describe(X509CertificateHolder c) {
        return c.getSubject().toString();
    }
}
