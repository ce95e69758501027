package dev.medsec.checks.sensitive;

/**
 * Makes a secret printable: findings show where a secret is and what it looks like, never the secret. Values
 * of at least 10 characters keep their first and last two characters; shorter ones are fully masked, because
 * four characters of an eight-character password would be half of it.
 */
public final class Redaction {
    private static final int MIN_LENGTH_FOR_HINT = 10;

    private Redaction() {
    }

    public static String redact(String secret) {
        int n = secret.codePointCount(0, secret.length());
        if (n < MIN_LENGTH_FOR_HINT) {
            return "*".repeat(Math.max(n, 1)) + " (" + n + " chars)";
        }
        int firstEnd = secret.offsetByCodePoints(0, 2);
        int lastStart = secret.offsetByCodePoints(secret.length(), -2);
        return secret.substring(0, firstEnd) + "…" + secret.substring(lastStart) + " (" + n + " chars)";
    }
}
