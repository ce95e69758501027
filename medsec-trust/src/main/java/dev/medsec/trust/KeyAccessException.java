package dev.medsec.trust;

/** A key could not be used: unreadable key store, wrong password or PIN, token or object not found, unsuitable key. */
public final class KeyAccessException extends TrustException {
    private static final long serialVersionUID = 1L;

    public KeyAccessException(String reason) {
        super(reason, null);
    }

    public KeyAccessException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
