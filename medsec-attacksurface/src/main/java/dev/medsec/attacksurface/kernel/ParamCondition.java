package dev.medsec.attacksurface.kernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test on a key=value setting of the kernel command line or of sysctl, written in the rule file as:
 * {@code name=v}, {@code name!=v} (absent passes), {@code name>=n}, {@code name<=n}, {@code name in a|b},
 * {@code name} (present, for command-line flags such as {@code slab_nomerge}) and {@code name absent}.
 */
public record ParamCondition(String name, Op op, List<String> operands) {
    private static final Pattern ABSENT = Pattern.compile("([A-Za-z0-9_.\\-/]+)\\s+absent");
    private static final Pattern IN = Pattern.compile("([A-Za-z0-9_.\\-/]+)\\s+in\\s+(\\S+)");
    private static final Pattern CMP = Pattern.compile("([A-Za-z0-9_.\\-/]+)\\s*(>=|<=|!=|=)\\s*(\\S+)");
    private static final Pattern FLAG = Pattern.compile("[A-Za-z0-9_.\\-/]+");

    public enum Op { EQ, NE, GE, LE, IN, PRESENT, ABSENT }

    public static ParamCondition parse(String expr) {
        String e = expr.trim();
        Matcher m = ABSENT.matcher(e);
        if (m.matches()) {
            return new ParamCondition(m.group(1), Op.ABSENT, List.of());
        }
        m = IN.matcher(e);
        if (m.matches()) {
            return new ParamCondition(m.group(1), Op.IN, List.of(m.group(2).split("\\|")));
        }
        m = CMP.matcher(e);
        if (m.matches()) {
            Op op = switch (m.group(2)) {
                case ">=" -> Op.GE;
                case "<=" -> Op.LE;
                case "!=" -> Op.NE;
                default -> Op.EQ;
            };
            if ((op == Op.GE || op == Op.LE) && ConfigCondition.number(m.group(3)).isEmpty()) {
                throw new IllegalArgumentException("'" + expr + "': " + m.group(2) + " needs a number");
            }
            return new ParamCondition(m.group(1), op, List.of(m.group(3)));
        }
        if (FLAG.matcher(e).matches()) {
            return new ParamCondition(e, Op.PRESENT, List.of());
        }
        throw new IllegalArgumentException("not a parameter condition: '" + expr + "'");
    }

    /**
     * Tests the settings; {@code defaultValue} is what the kernel uses when nothing sets the name.
     */
    public boolean test(Map<String, String> settings, Optional<String> defaultValue) {
        Optional<String> set = Optional.ofNullable(settings.get(name));
        Optional<String> v = set.isEmpty() && op != Op.ABSENT && op != Op.PRESENT ? defaultValue : set;
        switch (op) {
            case ABSENT:
                return !settings.containsKey(name);
            case PRESENT:
                return settings.containsKey(name);
            case EQ:
                return v.isPresent() && same(v.get(), operands.get(0));
            case NE:
                return v.isEmpty() || !same(v.get(), operands.get(0));
            case IN:
                return v.isPresent() && operands.stream().anyMatch(o -> same(o, v.get()));
            case GE:
            case LE:
                if (v.isEmpty()) {
                    return false;
                }
                Optional<Long> n = ConfigCondition.number(v.get());
                long want = ConfigCondition.number(operands.get(0)).orElseThrow();
                return n.isPresent() && (op == Op.GE ? n.get() >= want : n.get() <= want);
            default:
                throw new IllegalStateException(op.toString());
        }
    }

    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Optional<Long> x = ConfigCondition.number(a);
        return x.isPresent() && x.equals(ConfigCondition.number(b));
    }

    @Override
    public String toString() {
        return switch (op) {
            case ABSENT -> name + " absent";
            case PRESENT -> name;
            case IN -> name + " in " + String.join("|", operands);
            case EQ -> name + "=" + operands.get(0);
            case NE -> name + "!=" + operands.get(0);
            case GE -> name + ">=" + operands.get(0);
            case LE -> name + "<=" + operands.get(0);
        };
    }
}
