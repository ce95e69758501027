package dev.medsec.code.csrc;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexer for C and C++ source, enough to tell code from comments and literals: line and block comments,
 * string and character literals with escapes and encoding prefixes, C++11 raw strings, line splices, and
 * preprocessor lines (tokenised like code, so a macro body is still visible). It never fails: an unterminated
 * comment or literal ends at the end of the input. Output is bounded by {@link #MAX_TOKENS}.
 */
public final class CLexer {
    public static final int MAX_TOKENS = 2_000_000;

    private final String s;
    private int i;
    private int line = 1;
    private final List<Token> out = new ArrayList<>();

    private CLexer(String s) {
        this.s = s;
    }

    public static List<Token> lex(String source) {
        CLexer l = new CLexer(source);
        l.run();
        return l.out;
    }

    private void run() {
        int n = s.length();
        while (i < n && out.size() < MAX_TOKENS) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '\n') {
                line++;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                skipLineComment();
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                skipBlockComment();
            } else if (c == '"') {
                quoted('"', i, Token.Kind.STRING);
            } else if (c == '\'') {
                quoted('\'', i, Token.Kind.CHAR);
            } else if (Character.isJavaIdentifierStart(c) && c != '$') {
                identifierOrPrefixedLiteral();
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1)))) {
                number();
            } else {
                punct();
            }
        }
    }

    private void skipLineComment() {
        // A backslash-newline continues a // comment onto the next line.
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                if (i > 0 && s.charAt(i - 1) == '\\') {
                    line++;
                    i++;
                    continue;
                }
                return;
            }
            i++;
        }
    }

    private void skipBlockComment() {
        i += 2;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '*' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                i += 2;
                return;
            }
            if (c == '\n') {
                line++;
            }
            i++;
        }
    }

    private void quoted(char q, int start, Token.Kind kind) {
        int startLine = line;
        i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (s.charAt(i + 1) == '\n') {
                    line++;
                }
                i += 2;
                continue;
            }
            if (c == '\n') {
                // Unterminated literal: C ends it at the line end.
                break;
            }
            i++;
            if (c == q) {
                break;
            }
        }
        out.add(new Token(kind, s.substring(start, i), startLine));
    }

    private void identifierOrPrefixedLiteral() {
        int start = i;
        while (i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) && s.charAt(i) != '$')) {
            i++;
        }
        String word = s.substring(start, i);
        if (i < s.length()) {
            char c = s.charAt(i);
            boolean prefix = word.equals("L") || word.equals("u") || word.equals("U") || word.equals("u8");
            boolean raw = word.equals("R") || word.equals("LR") || word.equals("uR") || word.equals("UR")
                    || word.equals("u8R");
            if (raw && c == '"') {
                rawString(start);
                return;
            }
            if (prefix && (c == '"' || c == '\'')) {
                quoted(c, start, c == '"' ? Token.Kind.STRING : Token.Kind.CHAR);
                return;
            }
        }
        out.add(new Token(Token.Kind.IDENTIFIER, word, line));
    }

    /** R"delim( ... )delim" with a delimiter of at most 16 characters. */
    private void rawString(int start) {
        int startLine = line;
        int open = s.indexOf('(', i);
        if (open < 0 || open - i - 1 > 16) {
            i++;
            out.add(new Token(Token.Kind.STRING, s.substring(start, i), startLine));
            return;
        }
        String close = ")" + s.substring(i + 1, open) + "\"";
        int end = s.indexOf(close, open + 1);
        int stop = end < 0 ? s.length() : end + close.length();
        for (int k = i; k < stop; k++) {
            if (s.charAt(k) == '\n') {
                line++;
            }
        }
        i = stop;
        out.add(new Token(Token.Kind.STRING, s.substring(start, stop), startLine));
    }

    private void number() {
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c) || c == '.' || c == '\'' || c == '_') {
                i++;
            } else if ((c == '+' || c == '-') && i > start && "eEpP".indexOf(s.charAt(i - 1)) >= 0) {
                i++;
            } else {
                break;
            }
        }
        out.add(new Token(Token.Kind.NUMBER, s.substring(start, i), line));
    }

    private static final String[] PUNCT3 = {"<<=", ">>=", "...", "->*", "<=>"};
    private static final String[] PUNCT2 = {"->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+=",
        "-=", "*=", "/=", "%=", "&=", "|=", "^=", "::", "##"};

    private void punct() {
        for (String p : PUNCT3) {
            if (s.startsWith(p, i)) {
                out.add(new Token(Token.Kind.PUNCT, p, line));
                i += 3;
                return;
            }
        }
        for (String p : PUNCT2) {
            if (s.startsWith(p, i)) {
                out.add(new Token(Token.Kind.PUNCT, p, line));
                i += 2;
                return;
            }
        }
        out.add(new Token(Token.Kind.PUNCT, String.valueOf(s.charAt(i)), line));
        i++;
    }
}
