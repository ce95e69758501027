package dev.medsec.trust;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every single-byte change must be caught: of a signed file, of its detached signature (ours and
 * OpenSSL's), and of a sealed file. Each position is changed with several masks so both low and high bits
 * of tags, lengths, OIDs, versions and key material are hit.
 */
class MutationTest {
    /**
     * XOR masks applied at every byte position of a signature. The unit run flips the low bit (it hits every
     * tag class, length, OID arc and version); -Dmedsec.mutation.all=true (bench/trust-mutation.sh) adds
     * 0x80 and 0xFF, three times the work.
     */
    private static final int[] MASKS = Boolean.getBoolean("medsec.mutation.all") ? new int[] {0x01, 0x80, 0xFF} : new int[] {0x01};

    @TempDir
    static Path dir;
    static TestPki pki;
    static byte[] firmware;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir).issue("signer", "rsa:3072", "signer").issue("ecsigner", "ec:P-256", "signer")
                .issue("recipient", "rsa:3072", "rsarecipient").issue("ecrecipient", "ec:P-256", "ecrecipient");
        firmware = new byte[4096];
        new Random(7).nextBytes(firmware);
        Files.write(dir.resolve("fw.bin"), firmware);
    }

    @Test
    void verify_everyByteOfSignedFileChanged_rejected() throws Exception {
        byte[] p7s = DetachedSigner.create(pki.key("signer")).sign(firmware);
        DetachedVerifier v = pki.verifier();
        v.verify(firmware, p7s);
        List<String> survivors = new ArrayList<>();
        int tried = 0;
        for (int i = 0; i < firmware.length; i++) {
            byte[] m = firmware.clone();
            m[i] ^= 0x01;
            tried++;
            try {
                v.verify(m, p7s);
                survivors.add("file byte " + i);
            } catch (TrustException expected) {
                // the change was caught
            }
        }
        assertThat(survivors).isEmpty();
        assertThat(tried).isEqualTo(4096);
    }

    @Test
    void verify_everyByteOfOurRsaSignatureChanged_rejected() throws Exception {
        assertAllSignatureMutationsRejected(DetachedSigner.create(pki.key("signer")).sign(firmware));
    }

    @Test
    void verify_everyByteOfOurEcdsaSignatureChanged_rejected() throws Exception {
        assertAllSignatureMutationsRejected(DetachedSigner.create(pki.key("ecsigner")).sign(firmware));
    }

    @Test
    void verify_everyByteOfOpensslSignatureChanged_rejected() throws Exception {
        Tools.sh(dir, "openssl cms -sign -binary -in fw.bin -signer signer.pem -inkey signer.key -outform DER -out fw.p7s");
        assertAllSignatureMutationsRejected(Files.readAllBytes(dir.resolve("fw.p7s")));
    }

    private static void assertAllSignatureMutationsRejected(byte[] p7s) throws Exception {
        DetachedVerifier v = pki.verifier();
        v.verify(firmware, p7s);
        List<String> survivors = new ArrayList<>();
        for (int i = 0; i < p7s.length; i++) {
            for (int mask : MASKS) {
                byte[] m = p7s.clone();
                m[i] ^= (byte) mask;
                try {
                    v.verify(firmware, m);
                    survivors.add("signature byte " + i + " ^ 0x" + Integer.toHexString(mask));
                } catch (TrustException expected) {
                    // the change was caught
                }
            }
        }
        assertThat(survivors).isEmpty();
    }

    @Test
    void open_everyByteOfRsaSealedFileChanged_rejected() throws Exception {
        byte[] data = new byte[1024];
        new Random(3).nextBytes(data);
        byte[] sealed = Sealer.forRecipients(List.of(pki.cert("recipient"))).seal(data);
        assertAllSealMutationsRejected(sealed, data, Unsealer.of(pki.key("recipient")));
    }

    @Test
    void open_everyByteOfEcdhSealedFileChanged_rejected() throws Exception {
        byte[] data = new byte[1024];
        new Random(4).nextBytes(data);
        byte[] sealed = Sealer.forRecipients(List.of(pki.cert("ecrecipient"))).seal(data);
        assertAllSealMutationsRejected(sealed, data, Unsealer.of(pki.key("ecrecipient")));
    }

    private static void assertAllSealMutationsRejected(byte[] sealed, byte[] data, Unsealer u) throws Exception {
        assertThat(u.open(sealed)).isEqualTo(data);
        List<String> survivors = new ArrayList<>();
        for (int i = 0; i < sealed.length; i++) {
            for (int mask : MASKS) {
                byte[] m = sealed.clone();
                m[i] ^= (byte) mask;
                try {
                    u.open(m);
                    survivors.add("sealed byte " + i + " ^ 0x" + Integer.toHexString(mask));
                } catch (TrustException expected) {
                    // the change was caught
                }
            }
        }
        assertThat(survivors).isEmpty();
    }
}
