package dev.medsec.formats;

import java.io.IOException;

/**
 * The one exception every parser of the binary formats throws for input it cannot accept: truncated, oversized,
 * looping or otherwise malformed. The message says what was wrong and where.
 */
public final class MalformedFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public MalformedFormatException(String message) {
        super(message);
    }

    public MalformedFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
