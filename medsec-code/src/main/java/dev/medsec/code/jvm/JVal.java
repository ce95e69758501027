package dev.medsec.code.jvm;

import org.objectweb.asm.tree.analysis.Value;

import java.util.Objects;

/**
 * An abstract value on the operand stack or in a local: what the analysis knows about where it came from.
 * Arrays and string builders are named by the instruction index that allocated them ({@code site}), because
 * what happens to them later (filled from a random source, appended a variable) is collected per site.
 */
record JVal(Kind kind, int size, Object constant, int site) implements Value {
    enum Kind {
        UNKNOWN, NULL, STRING, INT, LONG,
        /** An array allocated in this method at {@code site}; its fill is judged after the analysis. */
        ARRAY,
        /** Bytes known at compile time: a literal's getBytes(), a constant decode, a constant static array. */
        CONST_BYTES,
        /** A StringBuilder allocated at {@code site}. */
        BUILDER,
        /** The toString() of the builder at {@code site}. */
        BUILT_STRING,
        /** A string computed from a non-constant value (concatenation, format). */
        DYNAMIC_STRING
    }

    static final JVal UNINIT = new JVal(Kind.UNKNOWN, 1, null, -1);
    static final JVal UNKNOWN1 = new JVal(Kind.UNKNOWN, 1, null, -1);
    static final JVal UNKNOWN2 = new JVal(Kind.UNKNOWN, 2, null, -1);

    static JVal unknown(int size) {
        return size == 2 ? UNKNOWN2 : UNKNOWN1;
    }

    static JVal of(Kind kind, Object constant, int site) {
        return new JVal(kind, kind == Kind.LONG ? 2 : 1, constant, site);
    }

    @Override
    public int getSize() {
        return size;
    }

    boolean isConstantScalar() {
        return kind == Kind.STRING || kind == Kind.INT || kind == Kind.LONG || kind == Kind.NULL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JVal v && v.kind == kind && v.size == size && v.site == site
                && Objects.equals(v.constant, constant);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, size, constant, site);
    }
}
