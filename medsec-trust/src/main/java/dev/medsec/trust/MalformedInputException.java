package dev.medsec.trust;

/** A signature, sealed file or certificate that cannot be parsed (truncated, not DER/BER, wrong structure). */
public final class MalformedInputException extends TrustException {
    private static final long serialVersionUID = 1L;

    public MalformedInputException(String reason) {
        super(reason, null);
    }

    public MalformedInputException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
