package dev.medsec.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads X.509 certificates (PEM, possibly several, or DER) with a size bound. */
public final class Certificates {
    /** A certificate file larger than this is not a certificate file. */
    static final long MAX_FILE_BYTES = 4L << 20;

    private Certificates() {
    }

    public static List<X509Certificate> read(Path file) throws MalformedTrustDataException {
        byte[] data;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new MalformedTrustDataException(file + ": larger than " + MAX_FILE_BYTES + " bytes, not a certificate file");
            }
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MalformedTrustDataException(file + ": cannot read: " + e.getMessage(), e);
        }
        List<X509Certificate> certs = parse(data, file.toString());
        if (certs.isEmpty()) {
            throw new MalformedTrustDataException(file + ": no certificate found");
        }
        return certs;
    }

    static List<X509Certificate> parse(byte[] data, String what) throws MalformedTrustDataException {
        try {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(data));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : all) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedTrustDataException(what + ": not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    static X509Certificate parseOne(byte[] der, String what) throws MalformedTrustDataException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new MalformedTrustDataException(what + ": not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
