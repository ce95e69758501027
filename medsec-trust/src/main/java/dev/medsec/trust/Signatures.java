package dev.medsec.trust;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/** Factories for the signature primitives; every operation runs through a JCA provider, never our own math. */
public final class Signatures {
    private Signatures() {
    }

    /**
     * A verifier for one profile and one public key. The key is checked against the profile first (RSA of at
     * least 2048 bits, the profile's curve), so a weak key is refused before any signature is looked at.
     */
    public static PublicKeyVerify verifier(SignatureProfile profile, PublicKey key) throws VerificationException {
        profile.checkVerificationKey(key);
        PublicKey bcKey = toBouncyCastle(key);
        return (signature, data) -> {
            try {
                Signature s = Signature.getInstance(profile.jcaAlgorithm(), Providers.BC);
                s.initVerify(bcKey);
                setParameters(s, profile.jcaParameters());
                s.update(data);
                if (!s.verify(signature)) {
                    throw new VerificationException("signature does not match the data (" + profile + ")");
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // Providers report malformed signatures (wrong length, bad DER) as exceptions: still just invalid.
                throw new VerificationException("signature is malformed for " + profile, e);
            }
        };
    }

    /**
     * A signer for one profile with a private key from a PKCS#12 file (software) or a PKCS#11 token; the
     * provider is the token's provider when the key lives in a token, so the key never leaves it.
     */
    public static PublicKeySign signer(SignatureProfile profile, PrivateKey key, PublicKey publicKey, Provider provider)
            throws KeyAccessException {
        profile.checkSigningKey(publicKey);
        return data -> {
            try {
                Signature s = Signature.getInstance(profile.jcaAlgorithm(), provider);
                s.initSign(key);
                setParameters(s, profile.jcaParameters());
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new KeyAccessException("signing with " + profile + " failed: " + e.getMessage(), e);
            }
        };
    }

    private static void setParameters(Signature s, Optional<AlgorithmParameterSpec> spec) throws InvalidAlgorithmParameterException {
        if (spec.isPresent()) {
            s.setParameter(spec.get());
        }
    }

    /** Re-creates a public key in BouncyCastle from its encoding, so keys from any provider verify the same way. */
    static PublicKey toBouncyCastle(PublicKey key) throws VerificationException {
        byte[] enc = key.getEncoded();
        if (enc == null) {
            throw new VerificationException("public key has no encoding");
        }
        try {
            String alg = SignatureProfile.KeyKind.of(key) == SignatureProfile.KeyKind.ED25519 ? "Ed25519"
                    : key instanceof java.security.interfaces.RSAPublicKey ? "RSA" : "EC";
            return KeyFactory.getInstance(alg, Providers.BC).generatePublic(new X509EncodedKeySpec(enc));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new VerificationException("public key cannot be decoded: " + e.getMessage(), e);
        }
    }
}
