package dev.medsec.checks.crypto.cert;

import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.ViewKey;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.openssl.PEMParser;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every X.509 certificate in one file: PEM (bundles too), DER, PKCS#12 and Java keystores. Keystores are opened
 * without a password (certificate entries need none), then with the well-known defaults "" and "changeit".
 */
public final class CertificateContainers {
    public static final ViewKey<List<CertInfo>> VIEW = ViewKey.of("x509-certificates", CertificateContainers::read);

    static final int MAX_CERTS_PER_FILE = 5_000;
    static final long MAX_FILE_BYTES = 32L << 20;

    private CertificateContainers() {
    }

    public static boolean mayHold(Artifact a) {
        FileType t = a.type();
        return t == FileType.X509_PEM || t == FileType.X509_DER || t == FileType.PKCS12 || t == FileType.JAVA_KEYSTORE
                || t == FileType.PRIVATE_KEY_PEM;
    }

    static List<CertInfo> read(Artifact a) throws IOException {
        if (a.size() > MAX_FILE_BYTES) {
            throw new IOException("certificate container of " + a.size() + " bytes exceeds the limit");
        }
        return read(toArray(a.bytes()), a.type());
    }

    /** CertificateContainers in {@code bytes} read as {@code type}; the same contract as the view. */
    static List<CertInfo> read(byte[] bytes, FileType type) throws IOException {
        List<CertInfo> out = new ArrayList<>();
        switch (type) {
            case X509_PEM, PRIVATE_KEY_PEM -> readPem(bytes, out);
            case X509_DER -> out.add(info("der", der(bytes)));
            case PKCS12 -> readKeystore(bytes, "PKCS12", out);
            case JAVA_KEYSTORE -> readKeystore(bytes, "JKS", out);
            default -> {
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static byte[] toArray(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static void readPem(byte[] bytes, List<CertInfo> out) throws IOException {
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII);
             PEMParser p = new PEMParser(r)) {
            int index = 0;
            for (int guard = 0; guard < MAX_CERTS_PER_FILE * 4; guard++) {
                Object o;
                try {
                    o = p.readObject();
                } catch (IOException e) {
                    // A block BouncyCastle has no parser for (an OpenSSH private key) holds no certificate: the
                    // parser has consumed it, so go on with the next block rather than fail the file.
                    if (e.getMessage() != null && e.getMessage().startsWith("unrecognised object: ")
                            && !e.getMessage().contains("CERTIFICATE")) {
                        index++;
                        continue;
                    }
                    if (out.isEmpty()) {
                        throw new IOException("unreadable PEM: " + e.getMessage(), e);
                    }
                    return;
                } catch (RuntimeException e) {
                    // A damaged block ends the bundle: report the certificates read so far plus the reason.
                    if (out.isEmpty()) {
                        throw new IOException("unreadable PEM: " + e.getMessage(), e);
                    }
                    return;
                }
                if (o == null) {
                    return;
                }
                if (o instanceof X509CertificateHolder h) {
                    out.add(info("pem#" + index, h));
                    if (out.size() >= MAX_CERTS_PER_FILE) {
                        return;
                    }
                }
                index++;
            }
        }
    }

    private static void readKeystore(byte[] bytes, String type, List<CertInfo> out) throws IOException {
        KeyStore ks = null;
        Exception last = null;
        for (char[] password : new char[][] {null, new char[0], "changeit".toCharArray()}) {
            try {
                KeyStore k = KeyStore.getInstance(type);
                k.load(new ByteArrayInputStream(bytes), password);
                ks = k;
                // Without a password PKCS#12 skips encrypted certificate bags: try the defaults before giving up.
                if (k.size() > 0) {
                    break;
                }
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                last = e;
            }
        }
        if (ks == null) {
            throw new IOException("cannot open " + type + " keystore without its password: " + last);
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate[] chain = ks.getCertificateChain(alias);
                if (chain == null) {
                    Certificate c = ks.getCertificate(alias);
                    chain = c == null ? new Certificate[0] : new Certificate[] {c};
                }
                for (int i = 0; i < chain.length && out.size() < MAX_CERTS_PER_FILE; i++) {
                    out.add(info("keystore:" + alias + (i == 0 ? "" : "#" + i), der(chain[i].getEncoded())));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("unreadable keystore entry: " + e, e);
        }
    }

    private static X509CertificateHolder der(byte[] bytes) throws IOException {
        try {
            return new X509CertificateHolder(bytes);
        } catch (RuntimeException e) {
            // BouncyCastle reports some malformed structures with unchecked exceptions.
            throw new IOException("malformed DER certificate: " + e.getMessage(), e);
        }
    }

    static CertInfo info(String source, X509CertificateHolder h) throws IOException {
        try {
            return infoOf(source, h);
        } catch (RuntimeException e) {
            throw new IOException("malformed certificate " + source + ": " + e, e);
        }
    }

    private static CertInfo infoOf(String source, X509CertificateHolder h) throws IOException {
        SubjectPublicKeyInfo spki = h.getSubjectPublicKeyInfo();
        AlgorithmIdentifier keyAlg = spki.getAlgorithm();
        String keyName;
        int bits = 0;
        String curveName = null;
        ASN1ObjectIdentifier oid = keyAlg.getAlgorithm();
        try {
            if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                keyName = "RSA";
                bits = RSAPublicKey.getInstance(spki.parsePublicKey()).getModulus().bitLength();
            } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                keyName = "EC";
                if (keyAlg.getParameters() instanceof ASN1ObjectIdentifier curve) {
                    X9ECParameters params = ECNamedCurveTable.getByOID(curve);
                    bits = params == null ? 0 : params.getCurve().getFieldSize();
                    keyName = "EC " + nameOf(curve);
                    curveName = curveName(curve);
                } else if (keyAlg.getParameters() != null) {
                    X9ECParameters params = X9ECParameters.getInstance(keyAlg.getParameters());
                    bits = params.getCurve().getFieldSize();
                    keyName = "EC explicit";
                }
            } else if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
                keyName = "DSA";
                if (keyAlg.getParameters() != null) {
                    bits = DSAParameter.getInstance(keyAlg.getParameters()).getP().bitLength();
                }
            } else if (oid.getId().equals("1.3.101.112")) {
                keyName = "Ed25519";
                bits = 256;
            } else if (oid.getId().equals("1.3.101.113")) {
                keyName = "Ed448";
                bits = 456;
            } else {
                keyName = oid.getId();
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed public key in " + source + ": " + e.getMessage(), e);
        }
        BasicConstraints bc = BasicConstraints.fromExtensions(h.getExtensions());
        boolean ca = bc != null && bc.isCA();
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(h.getExtensions());
        boolean tlsEku = eku != null && (eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)
                || eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
        boolean san = h.getExtension(Extension.subjectAlternativeName) != null;
        String sigName = new DefaultAlgorithmNameFinder().getAlgorithmName(h.getSignatureAlgorithm());
        return new CertInfo(source, h.getSubject().toString(), h.getIssuer().toString(),
                h.getSerialNumber().toString(16), h.getNotBefore().toInstant(), h.getNotAfter().toInstant(), keyName,
                bits, sigName, ca, h.getSubject().equals(h.getIssuer()), tlsEku || san, sha256(h.getEncoded()),
                oid.getId(), Optional.ofNullable(curveName), h.getSignatureAlgorithm().getAlgorithm().getId());
    }

    private static String nameOf(ASN1ObjectIdentifier curve) {
        String n = ECNamedCurveTable.getName(curve);
        return n == null ? curve.getId() : n;
    }

    /** The curve's SECG name ("secp256r1"), as CycloneDX recommends, else its X9/NIST name, else the OID. */
    private static String curveName(ASN1ObjectIdentifier curve) {
        String n = SECNamedCurves.getName(curve);
        return n != null ? n : nameOf(curve);
    }

    private static String sha256(byte[] der) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Directories of system trust stores: what is there is a trust anchor, not a device's own certificate. */
    private static final List<String> TRUST_STORES = List.of("/usr/share/ca-certificates/", "/etc/ssl/certs/",
            "/etc/pki/ca-trust/", "/etc/pki/tls/certs/", "/usr/local/share/ca-certificates/",
            "/etc/ca-certificates/", "/usr/share/pki/");

    public static boolean inTrustStore(Artifact a) {
        String p = a.innerPath();
        return TRUST_STORES.stream().anyMatch(p::startsWith) || p.endsWith("/cacerts");
    }

    /** True for signature algorithms whose hash is MD2, MD4, MD5 or SHA-1. */
    /** The signature's digest ("SHA1withRSA", "MD5WITHRSA", the PKCS#1 OIDs) is weak in the one algorithm policy. */
    public static boolean weakSignature(String sigName) {
        String s = sigName.toUpperCase(Locale.ROOT).replace("-", "");
        if (s.equals("1.2.840.113549.1.1.5") || s.equals("1.2.840.113549.1.1.4") || s.equals("1.2.840.113549.1.1.2")) {
            return true; // sha1WithRSAEncryption, md5WithRSAEncryption, md2WithRSAEncryption
        }
        int with = s.indexOf("WITH");
        if (with <= 0) {
            return false;
        }
        String digest = s.substring(0, with).replaceFirst("^SHA3(\\d)", "SHA3-$1");
        return digest.matches("MD[245]|SHA1|SHA224|SHA256|SHA384|SHA512|SHA3-\\d+")
                && dev.medsec.core.policy.CryptoPolicy.standard().digest(digest).status().isWeak();
    }
}
