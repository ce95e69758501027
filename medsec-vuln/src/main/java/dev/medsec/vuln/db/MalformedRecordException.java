package dev.medsec.vuln.db;

/** One advisory in a feed cannot be used; the import records it and goes on with the next one. */
public final class MalformedRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedRecordException(String message) {
        super(message);
    }
}
