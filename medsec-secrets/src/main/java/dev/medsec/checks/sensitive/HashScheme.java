package dev.medsec.checks.sensitive;

import java.util.regex.Pattern;

/**
 * The crypt(3) scheme of a password field, recognised by its prefix and shape. Only the scheme is ever
 * reported, never the field itself.
 */
public enum HashScheme {
    EMPTY("no password", false),
    LOCKED("locked", false),
    DES("DES crypt", true),
    BSDI_DES("BSDi extended DES crypt", true),
    MD5("MD5-crypt", true),
    APR1("Apache MD5-crypt", true),
    SUN_MD5("SunMD5", true),
    NT("NT hash", true),
    SHA256("SHA-256-crypt", false),
    SHA512("SHA-512-crypt", false),
    BCRYPT("bcrypt", false),
    SCRYPT("scrypt", false),
    YESCRYPT("yescrypt", false),
    GOST_YESCRYPT("GOST yescrypt", false),
    UNKNOWN("unrecognised", false);

    private static final Pattern DES_SHAPE = Pattern.compile("[./0-9A-Za-z]{13}");
    private static final Pattern BSDI_SHAPE = Pattern.compile("_[./0-9A-Za-z]{19}");

    private final String label;
    private final boolean weak;

    HashScheme(String label, boolean weak) {
        this.label = label;
        this.weak = weak;
    }

    public String label() {
        return label;
    }

    /** Crackable at a rate that makes any human-chosen password fall: DES, MD5-crypt and friends. */
    public boolean weak() {
        return weak;
    }

    /** Classifies a shadow or passwd password field. "!"/"*"-prefixed fields are locked whatever follows. */
    public static HashScheme of(String field) {
        if (field.isEmpty()) {
            return EMPTY;
        }
        char c = field.charAt(0);
        if (c == '!' || c == '*' || field.equals("x") || field.equals("LK") || field.startsWith("*LK*")) {
            return LOCKED;
        }
        if (field.startsWith("$1$")) {
            return MD5;
        }
        if (field.startsWith("$apr1$")) {
            return APR1;
        }
        if (field.startsWith("$md5")) {
            return SUN_MD5;
        }
        if (field.startsWith("$3$")) {
            return NT;
        }
        if (field.startsWith("$5$")) {
            return SHA256;
        }
        if (field.startsWith("$6$")) {
            return SHA512;
        }
        if (field.startsWith("$2a$") || field.startsWith("$2b$") || field.startsWith("$2y$") || field.startsWith("$2x$")) {
            return BCRYPT;
        }
        if (field.startsWith("$7$")) {
            return SCRYPT;
        }
        if (field.startsWith("$y$")) {
            return YESCRYPT;
        }
        if (field.startsWith("$gy$")) {
            return GOST_YESCRYPT;
        }
        if (BSDI_SHAPE.matcher(field).matches()) {
            return BSDI_DES;
        }
        if (DES_SHAPE.matcher(field).matches()) {
            return DES;
        }
        return UNKNOWN;
    }
}
