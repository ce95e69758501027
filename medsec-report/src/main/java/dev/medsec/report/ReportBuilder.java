package dev.medsec.report;

import dev.medsec.core.Component;
import dev.medsec.core.Finding;
import dev.medsec.core.Principle;
import dev.medsec.core.ScanError;
import dev.medsec.core.Severity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Assembles a {@link Report} from the results of the pipeline; ordering is deterministic. */
public final class ReportBuilder {
    private final List<Finding> findings = new ArrayList<>();
    private final List<ScanError> errors = new ArrayList<>();
    private final List<Component> components = new ArrayList<>();
    private final Map<String, Object> sections = new TreeMap<>();
    private final Map<String, Long> byType = new TreeMap<>();
    private Report.Tool tool = new Report.Tool("medsec", "dev");
    private Report.Target target = new Report.Target("", "", "");
    private Instant startedAt = Instant.now();
    private long durationMs;
    private long files;
    private long bytes;
    private Optional<Severity> failOn = Optional.empty();
    private java.util.OptionalDouble minCoverage = java.util.OptionalDouble.empty();
    private java.util.Set<String> waived = java.util.Set.of();
    private boolean gateFirstPartyOnly;
    private String failOnNew;
    private boolean failOnKev;
    private boolean newFindingsFail;

    public ReportBuilder tool(String name, String version) {
        this.tool = new Report.Tool(name, version);
        return this;
    }

    public ReportBuilder target(String path, String sha256, String type) {
        this.target = new Report.Target(path, sha256, type);
        return this;
    }

    public ReportBuilder timing(Instant started, long durationMillis) {
        this.startedAt = started;
        this.durationMs = durationMillis;
        return this;
    }

    public ReportBuilder stats(long fileCount, long byteCount, Map<String, Long> artifactsByType) {
        this.files = fileCount;
        this.bytes = byteCount;
        this.byType.clear();
        this.byType.putAll(artifactsByType);
        return this;
    }

    public ReportBuilder failOn(Optional<Severity> level) {
        this.failOn = level;
        return this;
    }

    /** --min-coverage: the gate also fails when the coverage account's percentage is below this. */
    public ReportBuilder minCoverage(java.util.OptionalDouble percent) {
        this.minCoverage = percent;
        return this;
    }

    /** --gate-origin first-party: --fail-on counts only findings in own code (first-party and unknown origin). */
    public ReportBuilder gateFirstPartyOnly(boolean firstPartyOnly) {
        this.gateFirstPartyOnly = firstPartyOnly;
        return this;
    }

    /** --fail-on-kev: the gate also fails on any known-exploited vulnerability (whatever --gate-origin says). */
    public ReportBuilder failOnKev(boolean on) {
        this.failOnKev = on;
        return this;
    }

    /** --baseline with --fail-on-new: the level, and whether a new finding reached it (the gate then fails). */
    public ReportBuilder failOnNew(String level, boolean failed) {
        this.failOnNew = level;
        this.newFindingsFail = failed;
        return this;
    }

    public ReportBuilder findings(List<Finding> fs) {
        findings.addAll(fs);
        return this;
    }

    public ReportBuilder errors(List<ScanError> es) {
        errors.addAll(es);
        return this;
    }

    public ReportBuilder components(List<Component> cs) {
        components.addAll(cs);
        return this;
    }

    /** Applies waivers: matched findings stay in the report, marked waived, and no longer count or fail the gate. */
    public ReportBuilder waivers(dev.medsec.report.policy.WaiverSet set, java.time.LocalDate today) {
        if (!set.waivers().isEmpty()) {
            dev.medsec.report.policy.WaiverSet.Applied applied = set.apply(findings, today);
            this.waived = applied.waivedFindingIds();
            sections.put("waivers", applied.summary());
        }
        return this;
    }

    public ReportBuilder section(String name, Object value) {
        sections.put(name, value);
        return this;
    }

    /** Errors with one message kept one by one before the rest are counted in a single entry. */
    static final int MAX_ERRORS_PER_MESSAGE = 10;

    /**
     * A hostile archive can cause the same error thousands of times (a budget exceeded in every nested member):
     * after {@link #MAX_ERRORS_PER_MESSAGE} entries of one stage and message, one more entry counts the rest.
     */
    static List<Report.ErrorEntry> collapse(List<Report.ErrorEntry> sorted) {
        Map<String, Integer> seen = new java.util.HashMap<>();
        Map<String, Report.ErrorEntry> firstDropped = new java.util.LinkedHashMap<>();
        List<Report.ErrorEntry> out = new ArrayList<>();
        for (Report.ErrorEntry e : sorted) {
            String key = e.stage() + "\u0000" + e.message();
            int n = seen.merge(key, 1, Integer::sum);
            if (n <= MAX_ERRORS_PER_MESSAGE) {
                out.add(e);
            } else {
                firstDropped.putIfAbsent(key, e);
            }
        }
        firstDropped.forEach((key, e) -> out.add(new Report.ErrorEntry(e.path(), e.stage(), e.message() + " (and "
                + (seen.get(key) - MAX_ERRORS_PER_MESSAGE - 1) + " more entries with this message, from this path on)")));
        return out;
    }

    /** Sort key: KEV-listed first, then higher EPSS, then higher CVSS; 0 for findings without these. */
    static double exploitRank(Finding f) {
        Map<String, Object> ev = f.evidence();
        double rank = 0;
        if (ev.get("knownExploited") != null) {
            rank -= 1000;
        }
        if (ev.get("epss") instanceof Map<?, ?> e && e.get("score") instanceof Number n) {
            rank -= 100 * n.doubleValue();
        }
        if (ev.get("cvssBaseScore") instanceof Number n) {
            rank -= n.doubleValue();
        }
        return rank;
    }

    /** True when an active finding names a vulnerability in CISA's KEV catalog that no VEX statement resolves. */
    static boolean knownExploitedActive(List<Finding> active) {
        return active.stream().anyMatch(f -> f.evidence().get("knownExploited") != null && f.severity() != Severity.INFO);
    }

    /** True when no finding is at or above the gate (always true without --fail-on). */
    public static boolean gatePassed(List<Finding> fs, Optional<Severity> failOn) {
        return failOn.isEmpty() || fs.stream().noneMatch(f -> f.severity().atLeast(failOn.get()));
    }

    public Report build() {
        List<Finding> sorted = new ArrayList<>(findings);
        // within a severity, vulnerabilities known to be exploited first, then by EPSS, then by CVSS
        sorted.sort(Comparator.comparing(Finding::severity).thenComparing(ReportBuilder::exploitRank)
                .thenComparing(f -> f.principle().number())
                .thenComparing(Finding::path).thenComparing(Finding::checkId).thenComparing(Finding::id));
        List<Report.PrincipleSummary> principles = new ArrayList<>();
        Map<Principle, Map<Severity, Integer>> counts = new EnumMap<>(Principle.class);
        for (Principle p : Principle.values()) {
            counts.put(p, new EnumMap<>(Severity.class));
        }
        List<Finding> active = sorted.stream().filter(f -> !waived.contains(f.id())).toList();
        for (Finding f : active) {
            counts.get(f.principle()).merge(f.severity(), 1, Integer::sum);
        }
        for (Principle p : Principle.values()) {
            Map<String, Integer> c = new LinkedHashMap<>();
            for (Severity s : Severity.values()) {
                c.put(s.label(), counts.get(p).getOrDefault(s, 0));
            }
            principles.add(new Report.PrincipleSummary(p.number(), p.title(), c, status(counts.get(p))));
        }
        List<Report.FindingEntry> entries = sorted.stream().map(f -> new Report.FindingEntry(f.id(), f.checkId(),
                f.principle().number(), f.severity().label(), f.cwe(), f.path(), f.message(),
                new TreeMap<>(f.evidence()), f.remediation(), waived.contains(f.id()), origin(f.origin()))).toList();
        List<Report.ComponentEntry> comps = components.stream()
                .sorted(Comparator.comparing(Component::name).thenComparing(Component::version).thenComparing(Component::path))
                .map(c -> new Report.ComponentEntry(c.name(), c.version(), c.purl().orElse(null), c.cpe().orElse(null),
                        c.source(), c.path()))
                .toList();
        List<Report.ErrorEntry> errs = collapse(errors.stream()
                .sorted(Comparator.comparing(ScanError::path).thenComparing(ScanError::message))
                .map(e -> new Report.ErrorEntry(e.path(), e.stage().name().toLowerCase(Locale.ROOT), e.message()))
                .toList());
        Double coverageFloor = minCoverage.isPresent() ? minCoverage.getAsDouble() : null;
        boolean coverageOk = coverageFloor == null || !(sections.get("coverage") instanceof dev.medsec.core.Coverage c)
                || c.percent() >= coverageFloor;
        // a scan stopped by --scan-timeout covers only part of the image: it never passes the gate
        boolean stopped = sections.containsKey("scanStopped");
        boolean kevFails = failOnKev && knownExploitedActive(active);
        Report.Gate gate = new Report.Gate(failOn.map(Severity::label).orElse("none"),
                gatePassed(gateFirstPartyOnly ? active.stream().filter(f -> f.origin().isOwnCode()).toList() : active, failOn)
                        && coverageOk && !stopped && !newFindingsFail && !kevFails, coverageFloor,
                coverageFloor == null ? null : coverageOk,
                gateFirstPartyOnly ? "first-party" : "all", stopped ? Boolean.TRUE : null, failOnNew,
                failOnKev ? Boolean.TRUE : null, failOnKev ? kevFails : null);
        return new Report(Report.SCHEMA_VERSION, tool, target, startedAt.toString(), durationMs,
                new Report.Stats(files, bytes, byType), principles, comps, entries, errs, gate, sections);
    }

    static Report.OriginEntry origin(dev.medsec.core.Origin o) {
        Report.ComponentRef ref = o.component().map(c -> new Report.ComponentRef(c.name(), c.version(),
                c.purl().orElse(null), c.evidence().get("supplier") == null ? null : c.evidence().get("supplier").toString(),
                c.bomRef())).orElse(null);
        return new Report.OriginEntry(o.kind().label(), ref, o.basis());
    }

    private String status(Map<Severity, Integer> c) {
        Severity gate = failOn.orElse(Severity.HIGH);
        boolean fail = c.entrySet().stream().anyMatch(e -> e.getValue() > 0 && e.getKey().atLeast(gate));
        if (fail) {
            return "fail";
        }
        boolean warn = c.entrySet().stream().anyMatch(e -> e.getValue() > 0 && e.getKey() != Severity.INFO);
        return warn ? "warn" : "pass";
    }
}
