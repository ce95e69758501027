package dev.medsec.code.csrc;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.ViewKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One lexed C/C++ source file: its tokens and the calls in it, each tagged with its enclosing function
 * (recognised as an identifier followed by a parenthesised list and a brace at file scope).
 */
public final class CSource {
    public static final ViewKey<CSource> VIEW = ViewKey.of("c-source", a -> parse(read(a)));
    /** Sources above this size are generated tables or amalgamations; they are not analysed. */
    public static final int MAX_BYTES = 8 << 20;
    static final int MAX_ARGS = 64;

    private static final Set<String> SUFFIXES = Set.of(".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".hxx", ".ino");
    private static final Set<String> NOT_CALLS = Set.of("if", "while", "for", "switch", "return", "sizeof",
            "defined", "alignof", "_Alignof", "__attribute__", "decltype", "catch");

    /** Macro expansion stops at this depth and size: enough for aliases, bounded for hostile input. */
    static final int MAX_EXPANSION_DEPTH = 8;
    static final int MAX_EXPANDED_TOKENS = 512;

    private final List<Token> tokens;
    private final List<CCall> calls;
    private final java.util.Map<String, List<Token>> macros;

    private CSource(List<Token> tokens, List<CCall> calls) {
        this.tokens = tokens;
        this.calls = calls;
        this.macros = objectMacros(tokens);
    }

    /** "#define NAME body" on one line: NAME to its body tokens (the last definition wins). */
    private static java.util.Map<String, List<Token>> objectMacros(List<Token> t) {
        java.util.Map<String, List<Token>> out = new java.util.HashMap<>();
        for (int i = 0; i + 2 < t.size(); i++) {
            if (t.get(i).is("#") && t.get(i + 1).isIdentifier("define") && t.get(i + 2).kind() == Token.Kind.IDENTIFIER
                    && t.get(i + 1).line() == t.get(i).line()) {
                Token name = t.get(i + 2);
                List<Token> body = new ArrayList<>();
                for (int k = i + 3; k < t.size() && t.get(k).line() == name.line() && body.size() < 64; k++) {
                    body.add(t.get(k));
                }
                out.put(name.text(), List.copyOf(body));
            }
        }
        return out;
    }

    /**
     * The tokens with object-like macros defined in this file replaced by their bodies (recursively, bounded),
     * so that "#define NO_CHECK SSL_VERIFY_NONE" does not hide a disabled verification.
     */
    public List<Token> expand(List<Token> in) {
        List<Token> out = new ArrayList<>();
        expandInto(in, 0, out);
        return out;
    }

    private void expandInto(List<Token> in, int depth, List<Token> out) {
        for (Token t : in) {
            if (out.size() >= MAX_EXPANDED_TOKENS) {
                return;
            }
            List<Token> body = t.kind() == Token.Kind.IDENTIFIER ? macros.get(t.text()) : null;
            if (body != null && depth < MAX_EXPANSION_DEPTH) {
                expandInto(body, depth + 1, out);
            } else {
                out.add(t);
            }
        }
    }

    /** Argument {@code i} of {@code c} after macro expansion, as text (tokens joined by single spaces). */
    public String expandedArgText(CCall c, int i) {
        StringBuilder sb = new StringBuilder();
        for (Token t : expand(c.arg(i))) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        String text = sb.toString();
        // "( 0 )" from "#define OFF (0)" reads as "0".
        while (text.startsWith("( ") && text.endsWith(" )")) {
            text = text.substring(2, text.length() - 2);
        }
        return text;
    }

    /** Whether argument {@code i} of {@code c} mentions {@code identifier}, directly or through a macro. */
    public boolean argMentions(CCall c, int i, String identifier) {
        return expand(c.arg(i)).stream().anyMatch(t -> t.isIdentifier(identifier));
    }

    public static boolean isSourceName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && SUFFIXES.contains(fileName.substring(dot).toLowerCase(Locale.ROOT));
    }

    static String read(Artifact a) throws IOException {
        if (a.size() > MAX_BYTES) {
            throw new IOException("source of " + a.size() + " bytes exceeds the analysis limit");
        }
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static CSource parse(String text) {
        List<Token> tokens = CLexer.lex(text.replace("\r\n", "\n"));
        return new CSource(List.copyOf(tokens), extractCalls(tokens));
    }

    public List<Token> tokens() {
        return tokens;
    }

    public List<CCall> calls() {
        return calls;
    }

    /** Arrays declared with an initializer ("iv[16] = {...}" or "= \"...\""), per enclosing function. */
    public List<ArrayDecl> arrayDeclarations() {
        List<ArrayDecl> out = new ArrayList<>();
        int depth = 0;
        String function = "";
        String candidate = "";
        for (int i = 0; i < tokens.size(); i++) {
            Token tok = tokens.get(i);
            if (tok.is("{")) {
                if (depth == 0) {
                    function = candidate;
                }
                depth++;
            } else if (tok.is("}")) {
                depth = Math.max(0, depth - 1);
                if (depth == 0) {
                    function = "";
                }
            } else if (depth == 0 && tok.kind() == Token.Kind.IDENTIFIER && i + 1 < tokens.size()
                    && tokens.get(i + 1).is("(")) {
                candidate = tok.text();
            }
            if (tok.kind() == Token.Kind.IDENTIFIER && i + 1 < tokens.size() && tokens.get(i + 1).is("[")) {
                int k = i + 2;
                while (k < tokens.size() && !tokens.get(k).is("]") && k - i < 8) {
                    k++;
                }
                if (k + 1 >= tokens.size() || !tokens.get(k).is("]")) {
                    continue;
                }
                boolean declared = i > 0 && (tokens.get(i - 1).kind() == Token.Kind.IDENTIFIER
                        || tokens.get(i - 1).is("*"));
                if (!declared) {
                    continue;
                }
                boolean isConst = false;
                for (int b = i - 1; b >= 0 && b > i - 6 && !tokens.get(b).is(";") && !tokens.get(b).is("{")
                        && !tokens.get(b).is("}"); b--) {
                    isConst |= tokens.get(b).isIdentifier("const");
                }
                Token next = tokens.get(k + 1);
                boolean init = next.is("=") && k + 2 < tokens.size()
                        && (tokens.get(k + 2).is("{") || tokens.get(k + 2).kind() == Token.Kind.STRING);
                if (init || next.is(";")) {
                    out.add(new ArrayDecl(tok.text(), depth == 0 ? "" : function, init, isConst, tok.line()));
                }
            }
        }
        return out;
    }

    /** Pass to {@link #elementAssigned} to look in every function. */
    public static final String ANY_FUNCTION = "*";

    /** Whether {@code name[...] = } appears inside {@code function} (or any, with {@link #ANY_FUNCTION}). */
    public boolean elementAssigned(String function, String name) {
        int depth = 0;
        String fn = "";
        String candidate = "";
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token tok = tokens.get(i);
            if (tok.is("{")) {
                if (depth == 0) {
                    fn = candidate;
                }
                depth++;
            } else if (tok.is("}")) {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && tok.kind() == Token.Kind.IDENTIFIER && tokens.get(i + 1).is("(")) {
                candidate = tok.text();
            }
            if (depth > 0 && (function.equals(ANY_FUNCTION) || fn.equals(function)) && tok.isIdentifier(name) && tokens.get(i + 1).is("[")
                    && (i == 0 || !tokens.get(i - 1).kind().equals(Token.Kind.IDENTIFIER))) {
                int k = i + 2;
                int d = 1;
                while (k < tokens.size() && d > 0) {
                    if (tokens.get(k).is("[")) {
                        d++;
                    } else if (tokens.get(k).is("]")) {
                        d--;
                    }
                    k++;
                }
                if (k < tokens.size() && (tokens.get(k).is("=") || tokens.get(k).text().endsWith("="))
                        && !tokens.get(k).is("==")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An array declaration: with an initializer, or bare ("unsigned char iv[16];"). */
    public record ArrayDecl(String name, String function, boolean initialised, boolean isConst, int line) {
    }

    private static List<CCall> extractCalls(List<Token> t) {
        List<CCall> out = new ArrayList<>();
        int depth = 0;
        String function = "";
        String candidate = "";
        for (int i = 0; i < t.size(); i++) {
            Token tok = t.get(i);
            if (tok.is("{")) {
                if (depth == 0) {
                    function = candidate;
                }
                depth++;
            } else if (tok.is("}")) {
                depth = Math.max(0, depth - 1);
                if (depth == 0) {
                    function = "";
                }
            } else if (tok.is(";") && depth == 0) {
                candidate = "";
            }
            if (tok.kind() == Token.Kind.IDENTIFIER && i + 1 < t.size() && t.get(i + 1).is("(")
                    && !NOT_CALLS.contains(tok.text())) {
                if (depth == 0) {
                    candidate = tok.text();
                }
                int close = parseArgs(t, i + 1, tok, depth == 0 ? "" : function, out);
                if (depth == 0 && close > i) {
                    // Skip a declaration's parameter list, it is not a call.
                    out.remove(out.size() - 1);
                }
            }
        }
        return List.copyOf(out);
    }

    /** "x = f(" or "x = (cast) f(": the x, else "". */
    private static String assignedTo(List<Token> t, int nameIndex) {
        int k = nameIndex - 1;
        if (k >= 0 && t.get(k).is(")")) {
            int depth = 0;
            for (; k >= 0; k--) {
                if (t.get(k).is(")")) {
                    depth++;
                } else if (t.get(k).is("(") && --depth == 0) {
                    break;
                }
            }
            k--;
        }
        if (k >= 1 && t.get(k).is("=") && t.get(k - 1).kind() == Token.Kind.IDENTIFIER) {
            return t.get(k - 1).text();
        }
        return "";
    }

    /** Records the call whose '(' is at {@code open}; returns the index of its ')' or -1. */
    private static int parseArgs(List<Token> t, int open, Token name, String function, List<CCall> out) {
        List<List<Token>> args = new ArrayList<>();
        List<Token> cur = new ArrayList<>();
        int depth = 0;
        for (int k = open; k < t.size(); k++) {
            Token x = t.get(k);
            if (x.is("(") || x.is("[") || x.is("{")) {
                depth++;
                if (depth == 1) {
                    continue;
                }
            } else if (x.is(")") || x.is("]") || x.is("}")) {
                depth--;
                if (depth == 0) {
                    if (!cur.isEmpty() || !args.isEmpty()) {
                        args.add(cur);
                    }
                    out.add(new CCall(name.text(), args, name.line(), function, assignedTo(t, open - 1)));
                    return k;
                }
            } else if (x.is(",") && depth == 1) {
                args.add(cur);
                cur = new ArrayList<>();
                if (args.size() > MAX_ARGS) {
                    return -1;
                }
                continue;
            } else if (x.is(";") && depth <= 1) {
                return -1;
            }
            cur.add(x);
        }
        return -1;
    }
}
