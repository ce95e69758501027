package dev.medsec.memory;

import java.io.IOException;

/** The one exception the evidence parsers throw: the input is malformed, hostile, truncated or too large. */
public final class EvidenceException extends IOException {
    private static final long serialVersionUID = 1L;

    public EvidenceException(String message) {
        super(message);
    }

    public EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
