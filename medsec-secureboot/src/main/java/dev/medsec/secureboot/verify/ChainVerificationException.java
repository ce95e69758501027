package dev.medsec.secureboot.verify;

import java.security.GeneralSecurityException;

/**
 * A signed object did not verify. Verifiers throw it instead of returning a flag, so a failed verification
 * cannot be ignored by accident. {@link #link()} names the chain link (e.g. "configuration conf-1",
 * "image kernel-1", "module", "data block 17") and {@link #check()} the check that failed
 * (e.g. "signature", "hash", "root hash").
 */
public final class ChainVerificationException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    private final String link;
    private final String check;

    public ChainVerificationException(String link, String check, String reason) {
        super(link + ": " + check + ": " + reason);
        this.link = link;
        this.check = check;
    }

    public ChainVerificationException(String link, String check, String reason, Throwable cause) {
        super(link + ": " + check + ": " + reason, cause);
        this.link = link;
        this.check = check;
    }

    public String link() {
        return link;
    }

    public String check() {
        return check;
    }
}
