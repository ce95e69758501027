package dev.medsec.trust;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * Opening of AES-GCM (SP 800-38D) through the JCA provider. Only opening is offered here: sealing goes
 * through the CMS generator, which draws a fresh key and nonce itself, so no caller can supply an IV.
 */
final class AesGcm {
    /** CMS (RFC 5084) allows ICV lengths 12..16; anything shorter weakens the forgery bound. */
    static final int MIN_TAG_BYTES = 12;
    static final int MAX_TAG_BYTES = 16;

    private AesGcm() {
    }

    /**
     * Decrypts and authenticates; returns the plaintext only when the tag is valid.
     *
     * @param ciphertextAndTag the ciphertext followed by the tag of {@code tagBytes} bytes
     */
    static byte[] open(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag, int tagBytes) throws VerificationException {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new VerificationException("AES key of " + key.length + " bytes is not 128, 192 or 256 bits");
        }
        if (nonce.length == 0) {
            throw new VerificationException("AES-GCM nonce is empty");
        }
        if (tagBytes < MIN_TAG_BYTES || tagBytes > MAX_TAG_BYTES) {
            throw new VerificationException("AES-GCM tag of " + tagBytes + " bytes is outside 12..16");
        }
        if (ciphertextAndTag.length < tagBytes) {
            throw new VerificationException("AES-GCM data is shorter than its tag");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding", Providers.BC);
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(tagBytes * 8, nonce));
            if (aad.length > 0) {
                c.updateAAD(aad);
            }
            return c.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw new VerificationException("authentication tag does not match: the sealed data was altered or the key is wrong", e);
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            throw new VerificationException("AES-GCM opening failed: " + e.getMessage(), e);
        }
    }
}
