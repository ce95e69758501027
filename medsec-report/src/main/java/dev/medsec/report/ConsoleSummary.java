package dev.medsec.report;

import java.io.PrintStream;
import java.util.List;

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
        List<Report.FindingEntry> top = r.findings().stream().filter(f -> !f.severity().equals("info"))
                .limit(topFindings).toList();
        if (!top.isEmpty()) {
            out.println();
            out.println("Top findings:");
            for (Report.FindingEntry f : top) {
                out.printf("  %-8s P%d %-34s %s%n           %s%n", f.severity().toUpperCase(java.util.Locale.ROOT),
                        f.principle(), f.check(), f.path(), f.message());
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
        if (r.sections().get("coverage") instanceof dev.medsec.core.Coverage c) {
            out.println();
            out.println("Coverage: " + c.summaryLine(human(c.targetBytes()))
                    + (r.gate().minCoverage() == null ? "" : ", --min-coverage " + r.gate().minCoverage() + ": "
                    + (Boolean.TRUE.equals(r.gate().coverageMet()) ? "met" : "NOT MET")));
        }
        out.println();
        out.printf("%d findings, %d errors (files that could not be read or checked)%s%n", r.findings().size(),
                r.errors().size(), r.gate().failOn().equals("none") ? ""
                        : ", gate --fail-on " + r.gate().failOn() + ": " + (r.gate().passed() ? "PASSED" : "FAILED"));
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
