package dev.medsec.secureboot;

import java.io.IOException;

/**
 * The one exception every parser of this module throws for input it cannot accept: truncated, oversized,
 * looping or otherwise malformed. The message says what was wrong and where.
 */
public final class MalformedInputException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedInputException(String message) {
        super(message);
    }

    public MalformedInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
