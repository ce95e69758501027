package dev.medsec.trust;

/** Signs a byte string with a key that may live in a token; the private key is never exposed. */
@FunctionalInterface
public interface PublicKeySign {
    byte[] sign(byte[] data) throws KeyAccessException;
}
