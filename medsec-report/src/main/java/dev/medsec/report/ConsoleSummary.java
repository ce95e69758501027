package dev.medsec.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The human summary on standard output: a table per principle, the top findings, the error count. */
public final class ConsoleSummary {
    private ConsoleSummary() {
    }

    public static void print(Report r, PrintStream out, int topFindings) {
        out.printf("medsec %s: %s (%s), %d files, %s, %.1f s%n", r.tool().version(), r.target().path(),
                r.target().type(), r.stats().files(), human(r.stats().bytes()), r.durationMs() / 1000.0);
        out.println();
        out.printf("  %-26s %5s %5s %5s %5s %5s  %s%n", "PRINCIPLE", "CRIT", "HIGH", "MED", "LOW", "INFO", "STATUS");
        for (Report.PrincipleSummary p : r.principles()) {
            var c = p.findings();
            out.printf("  %d %-24s %5d %5d %5d %5d %5d  %s%n", p.number(), p.name(), c.get("critical"), c.get("high"),
                    c.get("medium"), c.get("low"), c.get("info"), p.status().toUpperCase(java.util.Locale.ROOT));
        }
        // Vulnerabilities exploited in the wild first (they have a reporting deadline), then own code: those are the
        // findings the device maker fixes; other SOUP findings are assessed per component.
        List<Report.FindingEntry> ranked = r.findings().stream().filter(f -> !f.severity().equals("info"))
                .sorted(java.util.Comparator.comparing((Report.FindingEntry f) -> !knownExploited(f))
                        .thenComparing(f -> !f.ownCode())).toList();
        out.println();
        out.println(originLine(r));
        List<Report.FindingEntry> top = ranked.stream().limit(topFindings).toList();
        if (!top.isEmpty()) {
            out.println();
            out.println("Top findings:");
            for (Report.FindingEntry f : top) {
                out.printf("  %-8s P%d %-34s %s%n           %s%n", f.severity().toUpperCase(java.util.Locale.ROOT),
                        f.principle(), f.check(), f.path(), (knownExploited(f) ? "[KEV] " : "")
                                + (f.ownCode() ? "" : "[SOUP] ") + f.message());
            }
            long more = r.findings().stream().filter(f -> !f.severity().equals("info")).count() - top.size();
            if (more > 0) {
                out.printf("  ... and %d more (see the JSON or SARIF report)%n", more);
            }
        }
        // The first scan of a new user has no vulnerability database: say so, instead of a table that reads as
        // "no known vulnerabilities".
        if (r.sections().get("vulnerabilityMatching") instanceof java.util.Map<?, ?> vm && Boolean.FALSE.equals(vm.get("performed"))) {
            out.println();
            out.println("Known vulnerabilities NOT checked: " + vm.get("reason"));
        }
        long kev = r.findings().stream().filter(f -> knownExploited(f) && !f.severity().equals("info")).count();
        if (kev > 0 || r.gate().failOnKev() != null) {
            out.println();
            out.println("Known exploited (CISA KEV): " + kev + (kev == 1 ? " vulnerability" : " vulnerabilities")
                    + " not resolved by VEX" + (r.gate().failOnKev() == null ? ""
                    : "; --fail-on-kev: " + (Boolean.TRUE.equals(r.gate().knownExploited()) ? "FAILED" : "passed")));
        }
        if (r.sections().get("coverage") instanceof dev.medsec.core.Coverage c) {
            out.println();
            out.println("Coverage: " + c.summaryLine(human(c.targetBytes()))
                    + (r.gate().minCoverage() == null ? "" : ", --min-coverage " + r.gate().minCoverage() + ": "
                    + (Boolean.TRUE.equals(r.gate().coverageMet()) ? "met" : "NOT MET")));
        }
        if (r.sections().get("baseline") instanceof java.util.Map<?, ?> b) {
            out.println();
            out.println("Since the baseline: " + b.get("new") + " new, " + b.get("fixed") + " fixed, " + b.get("moved")
                    + " moved, " + b.get("unchanged") + " unchanged findings"
                    + (r.gate().failOnNew() == null ? "" : "; --fail-on-new " + r.gate().failOnNew() + ": "
                    + (r.gate().passed() ? "passed" : "see the gate")));
        }
        if (Boolean.TRUE.equals(r.gate().scanStopped())) {
            out.println();
            out.println("Scan STOPPED by --scan-timeout: the report covers only what was reached (gate failed)");
        }
        out.println();
        out.printf("%d findings, %d errors (files that could not be read or checked)%s%n", r.findings().size(),
                r.errors().size(), r.gate().failOn().equals("none") ? ""
                        : ", gate --fail-on " + r.gate().failOn() + ": " + (r.gate().passed() ? "PASSED" : "FAILED"));
    }

    private static boolean knownExploited(Report.FindingEntry f) {
        return f.evidence() != null && f.evidence().get("knownExploited") != null;
    }

    /** "Your code: 5 findings above info (2 high, 3 medium) · SOUP: 120 above info in 57 components". */
    static String originLine(Report r) {
        Map<String, Integer> own = new java.util.LinkedHashMap<>();
        int ownTotal = 0;
        int soupTotal = 0;
        java.util.Set<String> components = new java.util.TreeSet<>();
        for (Report.FindingEntry f : r.findings()) {
            if (f.waived() || f.severity().equals("info")) {
                continue;
            }
            if (f.ownCode()) {
                ownTotal++;
                own.merge(f.severity(), 1, Integer::sum);
            } else {
                soupTotal++;
                if (f.origin().component() != null) {
                    components.add(f.origin().component().name() + " " + f.origin().component().version());
                }
            }
        }
        StringBuilder sb = new StringBuilder("Your code: " + ownTotal + " findings above info");
        if (ownTotal > 0) {
            sb.append(" (");
            String sep = "";
            for (String level : List.of("critical", "high", "medium", "low")) {
                Integer n = own.get(level);
                if (n != null) {
                    sb.append(sep).append(n).append(' ').append(level);
                    sep = ", ";
                }
            }
            sb.append(')');
        }
        sb.append(" · SOUP: ").append(soupTotal).append(" above info in ").append(components.size())
                .append(components.size() == 1 ? " component" : " components");
        if (!r.gate().origin().equals("all")) {
            sb.append(" (the gate counts your code only)");
        }
        return sb.toString();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String units = "KMGTPE";
        int exp = (int) (Math.log(bytes) / Math.log(1024));
        return String.format("%.1f %siB", bytes / Math.pow(1024, exp), units.charAt(exp - 1));
    }
}
