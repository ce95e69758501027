package dev.medsec.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.testkit.SharedData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Project Wycheproof known-answer vectors, read in place from the shared folder, through the same
 * primitives the CMS code uses ({@link Signatures#verifier} and {@link AesGcm#open}). Every valid case must be
 * accepted and every invalid case rejected; acceptable cases follow the policy in docs/trust-wycheproof.md.
 */
class WycheproofTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /**
     * Acceptable cases we accept, by flag. MissingNull: a PKCS#1 v1.5 DigestInfo whose hash AlgorithmIdentifier
     * omits the NULL parameters; RFC 8017 section 9.2 note 2 lets verifiers accept both encodings, and both
     * are unambiguous, so BouncyCastle's acceptance is kept.
     */
    static final Set<String> ACCEPTED_FLAGS = Set.of("MissingNull");

    record Tally(int valid, int invalid, int acceptableAccepted, int acceptableRejected, List<String> wrong) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "rsa_pss_2048_sha256_mgf1_32_test.json, RSA_PSS_SHA256",
            "rsa_pss_3072_sha256_mgf1_32_test.json, RSA_PSS_SHA256",
            "rsa_pss_4096_sha512_mgf1_64_test.json, RSA_PSS_SHA512",
            "rsa_signature_2048_sha256_test.json, RSA_PKCS1_SHA256",
            "rsa_signature_3072_sha256_test.json, RSA_PKCS1_SHA256",
            "rsa_signature_4096_sha512_test.json, RSA_PKCS1_SHA512",
            "ecdsa_secp256r1_sha256_test.json, ECDSA_P256_SHA256",
            "ecdsa_secp384r1_sha384_test.json, ECDSA_P384_SHA384",
            "ed25519_test.json, ED25519",
    })
    void verify_wycheproofVectors_validAcceptedInvalidRejected(String file, SignatureProfile profile) throws Exception {
        JsonNode root = JSON.readTree(SharedData.require("wycheproof/" + file).toFile());
        int valid = 0;
        int invalid = 0;
        int accAccepted = 0;
        int accRejected = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            if (group.has("sLen")) {
                assertThat(group.get("sLen").asInt()).as("salt length of the profile").isEqualTo(profile == SignatureProfile.RSA_PSS_SHA512 ? 64 : 32);
            }
            PublicKey key = KeyFactory.getInstance(profile.name().startsWith("RSA") ? "RSA" : profile == SignatureProfile.ED25519 ? "Ed25519" : "EC", Providers.BC)
                    .generatePublic(new X509EncodedKeySpec(HEX.parseHex(group.get("publicKeyDer").asText())));
            PublicKeyVerify verifier = Signatures.verifier(profile, key);
            for (JsonNode t : group.get("tests")) {
                boolean accepted;
                try {
                    verifier.verify(HEX.parseHex(t.get("sig").asText()), HEX.parseHex(t.get("msg").asText()));
                    accepted = true;
                } catch (VerificationException e) {
                    accepted = false;
                }
                String result = t.get("result").asText();
                String id = "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
                if (result.equals("valid")) {
                    valid++;
                    if (!accepted) {
                        wrong.add("valid rejected: " + id);
                    }
                } else if (result.equals("invalid")) {
                    invalid++;
                    if (accepted) {
                        wrong.add("invalid accepted: " + id);
                    }
                } else {
                    boolean policy = false;
                    for (JsonNode f : t.get("flags")) {
                        policy |= ACCEPTED_FLAGS.contains(f.asText());
                    }
                    if (accepted) {
                        accAccepted++;
                    } else {
                        accRejected++;
                    }
                    if (accepted != policy) {
                        wrong.add("acceptable " + id + " " + t.get("flags") + (accepted ? " accepted" : " rejected") + " against policy");
                    }
                }
            }
        }
        System.out.printf("wycheproof %s: %d valid accepted, %d invalid rejected, acceptable %d accepted / %d rejected%n",
                file, valid, invalid, accAccepted, accRejected);
        assertThat(wrong).isEmpty();
        assertThat(valid).isPositive();
        assertThat(invalid).isPositive();
    }

    @Test
    void open_wycheproofAesGcm_validAcceptedInvalidRejected() throws Exception {
        Path file = SharedData.require("wycheproof/aes_gcm_test.json");
        JsonNode root = JSON.readTree(file.toFile());
        int valid = 0;
        int invalid = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode group : root.get("testGroups")) {
            int tagBytes = group.get("tagSize").asInt() / 8;
            for (JsonNode t : group.get("tests")) {
                byte[] ct = HEX.parseHex(t.get("ct").asText());
                byte[] tag = HEX.parseHex(t.get("tag").asText());
                byte[] ctAndTag = new byte[ct.length + tag.length];
                System.arraycopy(ct, 0, ctAndTag, 0, ct.length);
                System.arraycopy(tag, 0, ctAndTag, ct.length, tag.length);
                byte[] out;
                try {
                    out = AesGcm.open(HEX.parseHex(t.get("key").asText()), HEX.parseHex(t.get("iv").asText()),
                            HEX.parseHex(t.get("aad").asText()), ctAndTag, tagBytes);
                } catch (VerificationException e) {
                    out = null;
                }
                String id = "tcId " + t.get("tcId").asInt() + " (" + t.get("comment").asText() + ")";
                if (t.get("result").asText().equals("valid")) {
                    valid++;
                    if (out == null || !HEX.formatHex(out).equals(t.get("msg").asText())) {
                        wrong.add("valid not opened correctly: " + id);
                    }
                } else {
                    invalid++;
                    if (out != null) {
                        wrong.add(t.get("result").asText() + " opened: " + id);
                    }
                }
            }
        }
        System.out.printf("wycheproof aes_gcm_test.json: %d valid opened, %d invalid rejected%n", valid, invalid);
        assertThat(wrong).isEmpty();
        assertThat(valid).isPositive();
    }
}
