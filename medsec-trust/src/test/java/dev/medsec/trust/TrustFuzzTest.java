package dev.medsec.trust;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;

/**
 * Fuzzes the two parsers of hostile input: detached signatures and sealed files. The contract: only the
 * declared exceptions, nothing else escapes, whatever the bytes. Under mvn verify the committed corpus
 * (TrustFuzzTestInputs/, real files made by openssl and by this module) runs as regression tests.
 */
class TrustFuzzTest {
    private static final PrivateKeyHandle KEY = key();

    private static PrivateKeyHandle key() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Providers.BC);
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            X500Name name = new X500Name("CN=fuzz");
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    new Date(), new Date(System.currentTimeMillis() + 86_400_000L), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Providers.BC).build(kp.getPrivate())));
            return new PrivateKeyHandle(kp.getPrivate(), List.of(cert), Providers.BC, false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void parse_arbitrarySignature_onlyDeclaredExceptions(byte[] input) {
        try {
            DetachedVerifier.parse(input);
        } catch (VerificationException | MalformedTrustDataException expected) {
            // refused with a reason: the contract
        }
    }

    @FuzzTest(maxDuration = "60s")
    void open_arbitrarySealedFile_onlyDeclaredExceptions(byte[] input) {
        try {
            Unsealer.of(KEY).open(input);
        } catch (TrustException expected) {
            // refused with a reason: the contract
        }
    }
}
