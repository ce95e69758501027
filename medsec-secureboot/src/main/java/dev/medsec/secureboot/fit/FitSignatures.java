package dev.medsec.secureboot.fit;

import dev.medsec.secureboot.BouncyCastle;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;
import java.util.Locale;

/** Checks one FIT signature value over a list of byte ranges with a key, through JCA/BouncyCastle only. */
final class FitSignatures {
    private FitSignatures() {
    }

    /** True when {@code value} is a valid signature by {@code key} over the concatenation of {@code parts}. */
    static boolean verify(FitAlgorithm algo, FitKey key, List<ByteBuffer> parts, byte[] value) {
        if (!algo.cipher().equals(key.cipher()) || algo.bits() != key.bits()) {
            return false;
        }
        try {
            if (algo.cipher().equals("ecdsa")) {
                // U-Boot stores r||s, each as wide as the curve order: BouncyCastle's PLAIN-ECDSA format.
                if (value.length != 2 * ((algo.bits() + 7) / 8)) {
                    return false;
                }
                Signature s = Signature.getInstance(jcaHash(algo) + "withPLAIN-ECDSA", BouncyCastle.PROVIDER);
                return run(s, key, parts, value);
            }
            int modBytes = (((RSAPublicKey) key.publicKey()).getModulus().bitLength() + 7) / 8;
            if (value.length != modBytes) {
                return false;
            }
            if (!algo.pss()) {
                Signature s = Signature.getInstance(jcaHash(algo) + "withRSA", BouncyCastle.PROVIDER);
                return run(s, key, parts, value);
            }
            // mkimage lets OpenSSL pick the salt length (the maximum); other signers use the digest length.
            int hLen = java.security.MessageDigest.getInstance(FitHashes.jcaName(algo.hash()).orElseThrow()).getDigestLength();
            int modBits = ((RSAPublicKey) key.publicKey()).getModulus().bitLength();
            int emLen = (modBits - 1 + 7) / 8;
            for (int salt : new int[] {hLen, emLen - hLen - 2}) {
                Signature s = Signature.getInstance("RSASSA-PSS", BouncyCastle.PROVIDER);
                String md = FitHashes.jcaName(algo.hash()).orElseThrow();
                s.setParameter(new PSSParameterSpec(md, "MGF1", new MGF1ParameterSpec(md), salt, 1));
                if (run(s, key, parts, value)) {
                    return true;
                }
            }
            return false;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String jcaHash(FitAlgorithm algo) {
        return algo.hash().toUpperCase(Locale.ROOT);
    }

    private static boolean run(Signature s, FitKey key, List<ByteBuffer> parts, byte[] value)
            throws GeneralSecurityException {
        s.initVerify(key.publicKey());
        for (ByteBuffer p : parts) {
            s.update(p.duplicate());
        }
        return s.verify(value);
    }
}
