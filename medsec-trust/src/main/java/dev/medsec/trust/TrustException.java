package dev.medsec.trust;

/**
 * Every failure of this API, with a one-line reason fit for a user. Callers decide on the kind: a
 * {@link VerificationException} means "not authentic" (tampered, wrong signer, weak algorithm), a
 * {@link MalformedTrustDataException} means the signature or sealed file cannot be read at all, a
 * {@link KeyAccessException} means a key, password, token or certificate could not be used.
 */
public abstract sealed class TrustException extends Exception
        permits VerificationException, MalformedTrustDataException, KeyAccessException {
    private static final long serialVersionUID = 1L;

    TrustException(String reason, Throwable cause) {
        super(oneLine(reason), cause);
    }

    /** The reason, one line, never containing key material. */
    public String reason() {
        return getMessage();
    }

    private static String oneLine(String s) {
        return s == null ? "unknown reason" : s.replaceAll("[\\r\\n]+", " ").strip();
    }
}
