package dev.medsec.trust;

/** A signature, sealed file or certificate that cannot be parsed (truncated, not DER/BER, wrong structure). */
public final class MalformedTrustDataException extends TrustException {
    private static final long serialVersionUID = 1L;

    public MalformedTrustDataException(String reason) {
        super(reason, null);
    }

    public MalformedTrustDataException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
