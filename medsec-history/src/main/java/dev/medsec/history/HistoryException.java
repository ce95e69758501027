package dev.medsec.history;

/** The history store cannot be opened, read or written; the message names the store (password redacted). */
public final class HistoryException extends Exception {
    private static final long serialVersionUID = 1L;

    public HistoryException(String message) {
        super(message);
    }

    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
