package dev.medsec.checks.crypto.cert;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Signature algorithm names as the JCA and BouncyCastle print them, judged by the policy's digest rows. */
class WeakSignatureNamesTest {
    @Test
    void weakSignature_byTheDigestInTheName() {
        for (String weak : new String[] {"SHA1withRSA", "SHA1WITHECDSA", "MD5withRSA", "MD2WITHRSA", "1.2.840.113549.1.1.5"}) {
            assertThat(CertificateContainers.weakSignature(weak)).as(weak).isTrue();
        }
        for (String strong : new String[] {"SHA256withRSA", "SHA384withECDSA", "SHA3-256WITHRSA", "SHA512WITHRSAANDMGF1",
                "RSASSA-PSS", "Ed25519", "1.2.840.113549.1.1.11"}) {
            assertThat(CertificateContainers.weakSignature(strong)).as(strong).isFalse();
        }
    }
}
