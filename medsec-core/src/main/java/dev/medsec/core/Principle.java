package dev.medsec.core;

/** The seven secure-development principles every check serves; numbered 1..7 in reports. */
public enum Principle {
    HARDWARE_SECURITY(1, "Hardware security"),
    TOOLCHAIN_HARDENING(2, "Toolchain hardening"),
    ATTACK_SURFACE(3, "Attack surface"),
    UNTRUSTED_INPUT(4, "Untrusted input"),
    MEMORY_MANAGEMENT(5, "Memory management"),
    SENSITIVE_DATA(6, "Sensitive data"),
    STRONG_CRYPTO(7, "Strong cryptography");

    private final int number;
    private final String title;

    Principle(int number, String title) {
        this.number = number;
        this.title = title;
    }

    public int number() {
        return number;
    }

    public String title() {
        return title;
    }

    public static Principle ofNumber(int number) {
        for (Principle p : values()) {
            if (p.number == number) {
                return p;
            }
        }
        throw new IllegalArgumentException("no principle " + number + " (valid: 1..7)");
    }
}
