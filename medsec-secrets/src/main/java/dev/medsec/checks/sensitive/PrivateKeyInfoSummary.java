package dev.medsec.checks.sensitive;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a parsed private key is, without any key material: enough for evidence and severity.
 *
 * @param format     container: "PKCS#1", "SEC1", "PKCS#8", "OpenSSH", "DSA (OpenSSL)", "PKCS#12", "JKS"...
 * @param algorithm  "RSA", "EC", "Ed25519", "DSA"...; "unknown" when encrypted and the type is not visible
 * @param bits       key size in bits, 0 when unknown (encrypted)
 * @param curve      named curve of an EC key
 * @param protection how the key is protected at rest
 */
public record PrivateKeyInfoSummary(String format, String algorithm, int bits, Optional<String> curve,
                                    Protection protection) {

    /** How a key file protects its key. */
    public sealed interface Protection permits Unprotected, Encrypted {
    }

    public record Unprotected() implements Protection {
    }

    /**
     * @param kdf    key derivation, e.g. "PBKDF2-HMAC-SHA256 (2048 iterations)", "bcrypt (16 rounds)",
     *               "EVP_BytesToKey-MD5 (1 iteration)"
     * @param cipher e.g. "AES-256-CBC"
     * @param weak   the derivation or cipher is not acceptable today; the reason is in {@code why}
     */
    public record Encrypted(String kdf, String cipher, boolean weak, String why) implements Protection {
    }

    public boolean encrypted() {
        return protection instanceof Encrypted;
    }

    /** Evidence entries for a finding (never key material). */
    public Map<String, Object> evidence() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", format);
        out.put("keyType", algorithm);
        if (bits > 0) {
            out.put("keySize", bits);
        }
        curve.ifPresent(c -> out.put("curve", c));
        if (protection instanceof Encrypted e) {
            out.put("kdf", e.kdf());
            out.put("cipher", e.cipher());
            if (e.weak()) {
                out.put("weakness", e.why());
            }
        } else {
            out.put("encrypted", false);
        }
        return out;
    }
}
