package dev.medsec.attacksurface.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test on a kernel configuration, written in the rule file as a short expression:
 * <ul>
 *   <li>{@code CONFIG_X=y}, {@code CONFIG_X=m}, {@code CONFIG_X="string"}, {@code CONFIG_X=0}: exact value</li>
 *   <li>{@code CONFIG_X is on}: built in or module</li>
 *   <li>{@code CONFIG_X is off}: "is not set" or absent</li>
 *   <li>{@code CONFIG_X>=N}, {@code CONFIG_X<=N}: numeric (decimal or 0x hex)</li>
 *   <li>{@code CONFIG_X!=V}: anything but V (absent counts as "not V")</li>
 * </ul>
 */
public record ConfigCondition(String option, Op op, String operand) {
    private static final Pattern IS = Pattern.compile("(CONFIG_[A-Z0-9_]+)\\s+is\\s+(on|off)");
    private static final Pattern CMP = Pattern.compile("(CONFIG_[A-Z0-9_]+)\\s*(>=|<=|!=|=)\\s*(\\S.*)");

    public enum Op { EQ, NE, ON, OFF, GE, LE }

    public static ConfigCondition parse(String expr) {
        String e = expr.trim();
        Matcher m = IS.matcher(e);
        if (m.matches()) {
            return new ConfigCondition(m.group(1), m.group(2).equals("on") ? Op.ON : Op.OFF, "");
        }
        m = CMP.matcher(e);
        if (m.matches()) {
            Op op = switch (m.group(2)) {
                case ">=" -> Op.GE;
                case "<=" -> Op.LE;
                case "!=" -> Op.NE;
                default -> Op.EQ;
            };
            if ((op == Op.GE || op == Op.LE) && number(m.group(3)).isEmpty()) {
                throw new IllegalArgumentException("'" + expr + "': " + m.group(2) + " needs a number");
            }
            return new ConfigCondition(m.group(1), op, m.group(3).trim());
        }
        throw new IllegalArgumentException("not a config condition: '" + expr
                + "' (expected CONFIG_X=v, CONFIG_X!=v, CONFIG_X>=n, CONFIG_X<=n, CONFIG_X is on|off)");
    }

    public static List<ConfigCondition> parseAll(List<String> exprs) {
        List<ConfigCondition> out = new ArrayList<>();
        for (String s : exprs) {
            out.add(parse(s));
        }
        return List.copyOf(out);
    }

    public boolean test(KernelConfig config) {
        Optional<KernelConfig.Option> o = config.option(option);
        KernelConfig.State st = config.state(option);
        switch (op) {
            case ON:
                return st == KernelConfig.State.BUILTIN || st == KernelConfig.State.MODULE;
            case OFF:
                return st == KernelConfig.State.NOT_SET || st == KernelConfig.State.ABSENT;
            case EQ:
                return o.isPresent() && valueEquals(o.get(), operand);
            case NE:
                return o.isEmpty() || !valueEquals(o.get(), operand);
            case GE:
            case LE:
                if (o.isEmpty()) {
                    return false;
                }
                Optional<Long> v = number(o.get().value());
                long want = number(operand).orElseThrow();
                return v.isPresent() && (op == Op.GE ? v.get() >= want : v.get() <= want);
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    private static boolean valueEquals(KernelConfig.Option o, String want) {
        if (want.equals("n")) {
            return o.state() == KernelConfig.State.NOT_SET;
        }
        String w = want.length() >= 2 && want.startsWith("\"") && want.endsWith("\"")
                ? want.substring(1, want.length() - 1) : want;
        if (o.value().equals(want) || o.text().equals(w)) {
            return true;
        }
        Optional<Long> a = number(o.value());
        Optional<Long> b = number(want);
        return a.isPresent() && a.equals(b);
    }

    static Optional<Long> number(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return Optional.of(Long.parseUnsignedLong(t.substring(2), 16));
            }
            return Optional.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The line as found in the config (or "absent"), for evidence. */
    public String observed(KernelConfig config) {
        return config.option(option).map(KernelConfig.Option::asLine).orElse(option + " absent");
    }

    @Override
    public String toString() {
        return switch (op) {
            case ON -> option + " is on";
            case OFF -> option + " is off";
            case EQ -> option + "=" + operand;
            case NE -> option + "!=" + operand;
            case GE -> option + ">=" + operand;
            case LE -> option + "<=" + operand;
        };
    }
}
