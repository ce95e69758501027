package dev.medsec.trust;

/** The data is not authentic: bad signature, untrusted or unsuitable signer, tampered sealed data, or a weak algorithm. */
public final class VerificationException extends TrustException {
    private static final long serialVersionUID = 1L;

    public VerificationException(String reason) {
        super(reason, null);
    }

    public VerificationException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
