package dev.medsec.profile;

import java.io.IOException;

/** The device profile file cannot be read or does not follow the documented format. */
public final class InvalidProfileException extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidProfileException(String message) {
        super(message);
    }

    public InvalidProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
