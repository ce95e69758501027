package dev.medsec.trust;

/**
 * Verifies a signature over a byte string. There is no boolean to forget: it returns only when the
 * signature is valid and throws otherwise.
 */
@FunctionalInterface
public interface PublicKeyVerify {
    void verify(byte[] signature, byte[] data) throws VerificationException;
}
