package dev.medsec.code.jvm;

import java.util.Optional;

/** What is known about one argument of a call, after the method's analysis has finished. */
public record Arg(Kind kind, Optional<Object> constant) {
    public enum Kind {
        UNKNOWN, NULL, STRING, INT, LONG,
        /** A byte/char array whose every element is a compile-time constant (literal, initializer, constant decode). */
        CONSTANT_ARRAY,
        /** An array allocated in the method and never written before use: all zeros. */
        ZERO_ARRAY,
        /** An array filled by SecureRandom.nextBytes in the method. */
        RANDOM_ARRAY,
        /** A string built from at least one non-constant part (StringBuilder, invokedynamic concat, format). */
        DYNAMIC_STRING
    }

    static final Arg UNKNOWN = new Arg(Kind.UNKNOWN, Optional.empty());

    public Optional<String> string() {
        return kind == Kind.STRING ? constant.map(String.class::cast) : Optional.empty();
    }

    public boolean isConstantArray() {
        return kind == Kind.CONSTANT_ARRAY || kind == Kind.ZERO_ARRAY;
    }
}
