package dev.medsec.memory.valgrind;

import java.io.IOException;

/** Valgrind is not installed or cannot be started. */
public final class ValgrindUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public ValgrindUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
