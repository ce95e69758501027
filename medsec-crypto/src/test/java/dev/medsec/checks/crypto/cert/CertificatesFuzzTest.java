package dev.medsec.checks.crypto.cert;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.core.classify.FileType;

import java.io.IOException;
import java.util.Arrays;

/**
 * Certificate containers (PEM bundles, DER, PKCS#12, JKS) read or fail with IOException. The first input byte
 * picks the container type, the rest is the content.
 */
class CertificatesFuzzTest {
    private static final FileType[] TYPES = {FileType.X509_PEM, FileType.X509_DER, FileType.PKCS12,
        FileType.JAVA_KEYSTORE};

    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) {
        if (data.length == 0) {
            return;
        }
        try {
            CertificateContainers.read(Arrays.copyOfRange(data, 1, data.length), TYPES[(data[0] & 0xff) % TYPES.length]);
        } catch (IOException expected) {
            // malformed container: the declared outcome
        }
    }
}
