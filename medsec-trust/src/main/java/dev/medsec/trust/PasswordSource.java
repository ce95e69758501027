package dev.medsec.trust;

/**
 * Supplies a password or PIN when a key needs one. The caller owns the returned array and this API
 * clears it after use. Implementations read a file, an environment variable or a terminal, never a
 * command-line argument (visible to every user in the process list).
 */
@FunctionalInterface
public interface PasswordSource {
    /** @param what names the secret asked for, e.g. "password for keys.p12" (never a secret itself) */
    char[] password(String what) throws KeyAccessException;

    /** A source that has nothing to give: any key that needs a password fails with a clear reason. */
    static PasswordSource none() {
        return what -> {
            throw new KeyAccessException("no " + what + " available");
        };
    }
}
