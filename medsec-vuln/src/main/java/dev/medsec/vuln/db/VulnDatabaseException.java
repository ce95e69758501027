package dev.medsec.vuln.db;

import java.io.IOException;

/** The database file cannot be opened, is not a medsec database, or a statement failed. */
public final class VulnDatabaseException extends IOException {
    private static final long serialVersionUID = 1L;

    public VulnDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    public VulnDatabaseException(String message) {
        super(message);
    }
}
