package dev.medsec.formats;

import java.io.IOException;

/**
 * The one exception every parser of the binary formats throws for input it cannot accept: truncated, oversized,
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
