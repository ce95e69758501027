package dev.medsec.code.csrc;

/** One C/C++ token. String and character literals keep their quotes; comments never become tokens. */
public record Token(Kind kind, String text, int line) {
    public enum Kind {
        IDENTIFIER, NUMBER, STRING, CHAR, PUNCT
    }

    public boolean is(String s) {
        return text.equals(s);
    }

    public boolean isIdentifier(String s) {
        return kind == Kind.IDENTIFIER && text.equals(s);
    }
}
