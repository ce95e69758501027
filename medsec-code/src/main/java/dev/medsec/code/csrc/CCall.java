package dev.medsec.code.csrc;

import java.util.List;

/**
 * A call (or function-like macro use) in C source: the callee name, its arguments as token lists split at
 * top-level commas, the line, the function it occurs in ("" at file scope) and the variable its result is
 * assigned to ("x = f(...)", "" otherwise).
 */
public record CCall(String name, List<List<Token>> args, int line, String function, String assignedTo) {
    public CCall {
        args = args.stream().map(List::copyOf).toList();
    }

    public List<Token> arg(int i) {
        return i < args.size() ? args.get(i) : List.of();
    }

    /** The argument's code as text (tokens joined by single spaces). */
    public String argText(int i) {
        StringBuilder sb = new StringBuilder();
        for (Token t : arg(i)) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(t.text());
        }
        return sb.toString();
    }

    public boolean argHasIdentifier(int i, String identifier) {
        return arg(i).stream().anyMatch(t -> t.isIdentifier(identifier));
    }

    /** The last identifier of an argument ("(unsigned char *) iv" gives "iv", "&buf" gives "buf"). */
    public java.util.Optional<String> argVariable(int i) {
        List<Token> a = arg(i);
        for (int k = a.size() - 1; k >= 0; k--) {
            if (a.get(k).kind() == Token.Kind.IDENTIFIER) {
                return java.util.Optional.of(a.get(k).text());
            }
            if (!a.get(k).is(")") && !a.get(k).is("]") && !a.get(k).is("0")) {
                break;
            }
        }
        return java.util.Optional.empty();
    }

    public boolean argIsStringLiteral(int i) {
        return arg(i).stream().anyMatch(t -> t.kind() == Token.Kind.STRING)
                && arg(i).stream().noneMatch(t -> t.kind() == Token.Kind.IDENTIFIER && !isCastWord(t.text()));
    }

    private static boolean isCastWord(String w) {
        return switch (w) {
            case "unsigned", "signed", "char", "const", "uint8_t", "u8", "byte", "BYTE", "void" -> true;
            default -> false;
        };
    }
}
