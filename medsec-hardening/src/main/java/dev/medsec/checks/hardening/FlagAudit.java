package dev.medsec.checks.hardening;

import dev.medsec.core.Severity;
import dev.medsec.core.check.FindingBuilder;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Collects, per flag group, the files built without it, and turns each group into one finding. */
final class FlagAudit {
    /** Evidence lists at most this many files; the count says how many there were. */
    static final int MAX_LISTED = 50;

    private final Map<FlagGroup, List<String>> missing = new EnumMap<>(FlagGroup.class);
    private int total;

    void add(String file, Set<FlagGroup> groups) {
        total++;
        for (FlagGroup g : groups) {
            missing.computeIfAbsent(g, k -> new ArrayList<>()).add(file);
        }
    }

    int total() {
        return total;
    }

    /** Reports one finding per missing group through {@code start}, which places it. */
    void report(Function<FlagGroup, FindingBuilder> start, String unit, String source, String keyPrefix) {
        for (Map.Entry<FlagGroup, List<String>> e : missing.entrySet()) {
            FlagGroup g = e.getKey();
            List<String> files = e.getValue();
            start.apply(g).key(keyPrefix + g.key())
                    .severity(severity(g))
                    .message(files.size() + " of " + total + " " + unit + " built without " + g.expected())
                    .evidence("flag", g.expected())
                    .evidence("source", source)
                    .evidence("count", files.size())
                    .evidence("total", total)
                    .evidence("files", List.copyOf(files.subList(0, Math.min(files.size(), MAX_LISTED))))
                    .remediation(g.remediation())
                    .report();
        }
    }

    static Severity severity(FlagGroup g) {
        return switch (g) {
            case STACK_PROTECTOR, FORTIFY, LINK_RELRO_NOW -> Severity.MEDIUM;
            default -> Severity.LOW;
        };
    }
}
