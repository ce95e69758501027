package dev.medsec.code.jvm;

/** A method's shape, enough to recognise trust-all and accept-all implementations. */
public record MethodFacts(String name, String desc, int access, Body body, int line) {
    public enum Body {
        /** No code: abstract or native. */
        NONE,
        /** Returns without doing anything (a void method whose only instruction is RETURN). */
        EMPTY,
        /** Returns the constant true and does nothing else. */
        RETURNS_TRUE,
        OTHER
    }
}
