package dev.medsec.cli;

import dev.medsec.cli.scan.EngineOptions;
import dev.medsec.cli.scan.Progress;
import dev.medsec.cli.scan.ScanEngine;
import dev.medsec.cli.scan.ScanOutcome;
import dev.medsec.cli.scan.TerminalProgress;
import dev.medsec.core.Severity;
import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.report.ConsoleSummary;
import dev.medsec.report.JsonReportWriter;
import dev.medsec.report.Report;
import dev.medsec.report.ReportBuilder;
import dev.medsec.report.SarifWriter;
import dev.medsec.report.policy.WaiverSet;
import dev.medsec.sbom.write.SbomWriter;
import dev.medsec.checks.vuln.KnownVulnerability;
import dev.medsec.sbom.eol.EndOfSupportData;
import dev.medsec.unpack.Sandbox;
import dev.medsec.unpack.UnpackLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/** {@code medsec scan TARGET}: the whole pipeline, reports, and the gate's exit code. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scan a firmware image, archive, filesystem image or directory.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:gate passed", "1:a finding at or above --fail-on, a new one at or above --fail-on-new, a known-exploited "
                + "vulnerability with --fail-on-kev, coverage below --min-coverage, or the scan stopped by --scan-timeout",
                "2:bad usage, unreadable target or input file", "3:internal error of medsec (--debug prints the stack trace)"})
public final class ScanCommand implements Callable<Integer> {
    /**
     * The checks, made and prepared (rule tables loaded) on a background thread while the command line is still
     * being parsed (main() starts it when the first argument is "scan"): that is a visible part of a short
     * scan's start, and a core is free at that moment.
     */
    private static volatile CompletableFuture<List<Check>> early;

    static void startMakingChecks() {
        early = CompletableFuture.supplyAsync(() -> {
            List<Check> checks = BuiltInChecks.all();
            for (Check c : checks) {
                try {
                    c.prepare();
                } catch (RuntimeException e) {
                    // Not fatal here: the check meets the same problem when it runs and reports it as an error.
                }
            }
            return checks;
        }, r -> {
            Thread t = new Thread(r, "medsec-checks");
            t.setDaemon(true);
            t.start();
        });
    }

    private static CompletableFuture<List<Check>> checks() {
        CompletableFuture<List<Check>> f = early;
        early = null;
        return f != null ? f : CompletableFuture.completedFuture(BuiltInChecks.all());
    }

    @Parameters(index = "0", paramLabel = "TARGET", description = "Directory, archive (tar[.gz|.xz|.zst|.bz2], zip, cpio), "
            + "compressed stream, filesystem image (squashfs, ext2/3/4, FAT, ISO 9660, cramfs, JFFS2, UBI/UBIFS), "
            + "disk image (GPT, MBR, Android sparse), boot container (uImage, FIT), UEFI firmware, raw flash dump, "
            + "or a single file.")
    Path target;

    @Option(names = "--json", paramLabel = "FILE", description = "Write report.json (schemaVersion 1).")
    Path json;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Write SARIF 2.1.0.")
    Path sarif;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Write a self-contained HTML report (no network; filters and sorting inline) for reviewers and print.")
    Path html;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Write JUnit XML for CI dashboards: a test case per check, failed by its findings at or above "
                    + "--fail-on (high without it).")
    Path junit;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding is at or above this severity (critical, high, medium, low, info). Default: none fails.")
    String failOn;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary on standard output.")
    boolean quiet;

    @Option(names = "--profile", paramLabel = "FILE", description = "Device profile (YAML): what the device really needs.")
    Path profile;

    @Option(names = "--source", paramLabel = "DIR", description = "C/C++ source tree to analyse as well (repeatable).")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--build-dir", paramLabel = "DIR", description = "Build directory with compile_commands.json (repeatable).")
    List<Path> buildDirs = new ArrayList<>();

    @Option(names = "--evidence", paramLabel = "FILE", arity = "1..*",
            description = "Dynamic-test evidence: Valgrind XML, sanitizer logs, AFL++ output directories, SARIF (repeatable).")
    List<Path> evidence = new ArrayList<>();

    @Option(names = "--db", paramLabel = "LOCATION", description = "Vulnerability database (default ~/.medsec/medsec.db); 'none' scans without matching known "
                    + "vulnerabilities. A given database that is missing or unusable is exit 2.")
    String database;

    @Option(names = "--sbom-cyclonedx", paramLabel = "FILE", description = "Write the SBOM as CycloneDX 1.6 JSON, with the crypto bill of materials.")
    Path sbomCycloneDx;

    @Option(names = "--sbom-spdx", paramLabel = "FILE", description = "Write the SBOM as SPDX 2.3 JSON.")
    Path sbomSpdx;

    @Option(names = "--vex", paramLabel = "FILE",
            description = "VEX statements (OpenVEX or CycloneDX VEX) carried into the findings and the SBOM (repeatable).")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--platform-cpe", paramLabel = "CPE",
            description = "A hardware or OS platform the device runs on, for NVD 'running on' conditions (repeatable).")
    List<String> platformCpes = new ArrayList<>();

    @Option(names = "--end-of-support", paramLabel = "FILE",
            description = "Extra end-of-support dates for components (extends the built-in data).")
    Path endOfSupport;

    @Option(names = "--waivers", paramLabel = "FILE",
            description = "Accepted risks (YAML): waived findings stay in the report but do not fail the gate.")
    Path waivers;

    @Option(names = "--max-bytes", paramLabel = "SIZE", defaultValue = "16G",
            description = "Budget of bytes unpacked for the whole scan (default ${DEFAULT-VALUE}).")
    String maxBytes;

    @Option(names = "--max-entries", paramLabel = "N", defaultValue = "1000000",
            description = "Budget of archive entries for the whole scan (default ${DEFAULT-VALUE}).")
    long maxEntries;

    @Option(names = "--max-ratio", paramLabel = "N", defaultValue = "200",
            description = "Largest compression ratio of one member, 1:N (default ${DEFAULT-VALUE}).")
    long maxRatio;

    @Option(names = "--max-depth", paramLabel = "N", defaultValue = "8",
            description = "Deepest nesting of archives inside archives (default ${DEFAULT-VALUE}).")
    int maxDepth;

    @Option(names = "--artifact-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Time budget of one artifact's checks (default ${DEFAULT-VALUE}).")
    long artifactTimeout;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
    Integer threads;

    @Option(names = "--memory-budget", paramLabel = "SIZE", defaultValue = "auto",
            description = "Unpacked members kept on the memory-backed filesystem (/dev/shm) before the rest spills to "
                    + "$TMPDIR; 'auto' (default): a quarter of the available memory, at most 8G; 0: disk only.")
    String memoryBudget;

    @Option(names = "--min-coverage", paramLabel = "PCT",
            description = "Exit 1 when the scan reached less than PCT percent of the target's bytes (see the coverage account).")
    Double minCoverage;

    @Option(names = "--scan-timeout", paramLabel = "SECONDS",
            description = "Time budget of the whole scan; when it runs out, unpacking and checks stop, the report "
                    + "says what was not reached and the gate fails (exit 1). Default: no limit.")
    Long scanTimeout;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "report.json of the previous release: the report gets a 'baseline' section (new, fixed, "
                    + "moved findings, as medsec diff computes them).")
    Path baseline;

    @Option(names = "--fail-on-new", paramLabel = "SEVERITY",
            description = "With --baseline: exit 1 when a finding new since the baseline is at or above this severity.")
    String failOnNew;

    @Option(names = "--history", paramLabel = "NAME@VERSION",
            description = "Record this scan's report as release VERSION of product NAME in the scan history "
                    + "(see 'medsec history'; a version recorded again is replaced).")
    String history;

    @Option(names = "--history-db", paramLabel = "FILE|URL",
            description = "The history store: a SQLite file (default ~/.medsec/history.db, or $MEDSEC_HISTORY_DB) or a "
                    + "jdbc:postgresql://host/db URL a team shares (user and password from the URL or $PGUSER/$PGPASSWORD).")
    String historyDb;

    @Option(names = "--fail-on-kev",
            description = "Exit 1 when a component has a vulnerability in CISA's Known Exploited Vulnerabilities "
                    + "catalog (imported with 'medsec db import') that no VEX statement resolves, whatever "
                    + "--fail-on and --gate-origin say.")
    boolean failOnKev;

    @Option(names = "--gate-origin", paramLabel = "ORIGIN", defaultValue = "all",
            description = "Findings --fail-on counts: 'all' (default), or 'first-party' (your own code: first-party "
                    + "and unknown origin; SOUP findings are then assessed, not gated).")
    String gateOrigin;

    @Override
    public Integer call() throws IOException {
        PrintStream err = System.err;
        Optional<Severity> gate;
        UnpackLimits limits;
        long memory;
        try {
            gate = failOn == null || failOn.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Severity.parse(failOn));
            limits = new UnpackLimits(parseSize(maxBytes), maxEntries, maxRatio, maxDepth, 600);
            memory = memoryBudget.equalsIgnoreCase("auto") ? Sandbox.defaultMemoryBudget()
                    : memoryBudget.strip().equals("0") ? 0 : parseSize(memoryBudget);
        } catch (IllegalArgumentException e) {
            err.println("medsec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Optional<Severity> newGate;
        try {
            newGate = failOnNew == null ? Optional.empty() : Optional.of(Severity.parse(failOnNew));
        } catch (IllegalArgumentException e) {
            err.println("medsec: --fail-on-new: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (newGate.isPresent() && baseline == null) {
            err.println("medsec: --fail-on-new needs --baseline (the previous release's report.json)");
            return ExitCodes.USAGE;
        }
        com.fasterxml.jackson.databind.JsonNode baselineReport = null;
        if (baseline != null) {
            try {
                baselineReport = dev.medsec.cli.diff.DiffCommand.read(baseline);
            } catch (IOException e) {
                err.println("medsec: --baseline " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        Optional<dev.medsec.history.ScanHistory.Release> release = Optional.empty();
        if (history != null) {
            try {
                release = Optional.of(dev.medsec.history.ScanHistory.Release.parse(history));
            } catch (IllegalArgumentException e) {
                err.println("medsec: --history: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            // the store is opened before the scan: an unreachable server is exit 2 now, not after an hour's work
            try (dev.medsec.history.ScanHistory h = dev.medsec.history.ScanHistory.open(
                    dev.medsec.history.ScanHistory.location(Optional.ofNullable(historyDb)))) {
                h.where();
            } catch (dev.medsec.history.HistoryException e) {
                err.println("medsec: --history: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        } else if (historyDb != null) {
            err.println("medsec: --history-db needs --history NAME@VERSION");
            return ExitCodes.USAGE;
        }
        if (scanTimeout != null && scanTimeout <= 0) {
            err.println("medsec: --scan-timeout must be a positive number of seconds, not " + scanTimeout);
            return ExitCodes.USAGE;
        }
        if (!gateOrigin.equals("all") && !gateOrigin.equals("first-party")) {
            err.println("medsec: --gate-origin must be 'all' or 'first-party', not '" + gateOrigin + "'");
            return ExitCodes.USAGE;
        }
        if (minCoverage != null && (minCoverage.isNaN() || minCoverage < 0 || minCoverage > 100)) {
            err.println("medsec: --min-coverage must be a percentage from 0 to 100, not " + minCoverage);
            return ExitCodes.USAGE;
        }
        if (!Files.exists(target)) {
            err.println("medsec: target not found: " + target);
            return ExitCodes.USAGE;
        }
        if (!Files.isReadable(target)) {
            err.println("medsec: target not readable: " + target);
            return ExitCodes.USAGE;
        }
        if (profile != null && !Files.isRegularFile(profile)) {
            err.println("medsec: profile not found: " + profile);
            return ExitCodes.USAGE;
        }
        // Every input file is read before any work: a bad one is exit 2 with its reason, never a scan that
        // silently runs without the profile, the VEX analysis or the evidence (a gate passed on less).
        Optional<String> bad = validateInputs();
        if (bad.isPresent()) {
            err.println("medsec: " + bad.get());
            return ExitCodes.USAGE;
        }
        WaiverSet waiverSet;
        try {
            waiverSet = waivers == null ? WaiverSet.none() : WaiverSet.load(waivers);
        } catch (IOException | IllegalArgumentException e) {
            err.println("medsec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // typed: a VEX path may hold a comma; nothing is joined and split again
        ScanSettings settings = new ScanSettings(sourceDate().orElse(Instant.now()), Optional.ofNullable(profile), sources, buildDirs,
                evidence, Optional.ofNullable(database), Map.of())
                .withVulnerabilityInputs(vex, platformCpes, Optional.ofNullable(endOfSupport));
        EngineOptions options = new EngineOptions(limits, Duration.ofSeconds(artifactTimeout), Duration.ofMinutes(5),
                threads == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, threads),
                scanTimeout == null ? Duration.ZERO : Duration.ofSeconds(scanTimeout));
        boolean tty = System.console() != null && !quiet;
        Progress progress = tty ? new TerminalProgress(err) : Progress.silent();
        CompletableFuture<List<Check>> checks = checks();
        ScanEngine engine = new ScanEngine(checks, BuiltInChecks.catalogers(), options);
        try (Sandbox sandbox = Sandbox.create(limits, memory)) {
            ScanOutcome outcome;
            try {
                outcome = engine.scan(target, settings, sandbox, progress);
            } catch (IOException e) {
                err.println("medsec: cannot read target: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            Report report = toReport(outcome, gate, waiverSet, null, Optional.empty());
            if (baselineReport != null) {
                report = toReport(outcome, gate, waiverSet, baselineReport, newGate);
            }
            if (json != null) {
                JsonReportWriter.write(report, json);
            }
            if (sarif != null) {
                SarifWriter.write(report, checks.join().stream().map(CheckMetadata::of).toList(), sarif);
            }
            if (html != null) {
                dev.medsec.report.HtmlReportWriter.write(JsonReportWriter.mapper().valueToTree(report), html);
            }
            if (junit != null) {
                dev.medsec.report.JUnitWriter.write(report, checks.join().stream().map(CheckMetadata::of).toList(), gate,
                        junit);
            }
            if (sbomCycloneDx != null) {
                // with the findings, so the SBOM carries the vulnerabilities and their VEX analysis, and the CBOM
                SbomWriter.writeCycloneDx(outcome.image(), outcome.findings(),
                        dev.medsec.checks.crypto.cbom.CryptoBomBuilder.of(outcome.image(), outcome.checkFindings()),
                        sbomSubject(outcome), sbomCycloneDx);
            }
            if (sbomSpdx != null) {
                SbomWriter.writeSpdx(outcome.image(), sbomSubject(outcome), sbomSpdx);
            }
            if (!quiet) {
                ConsoleSummary.print(report, System.out, 10);
            }
            if (release.isPresent()) {
                try (dev.medsec.history.ScanHistory h = dev.medsec.history.ScanHistory.open(
                        dev.medsec.history.ScanHistory.location(Optional.ofNullable(historyDb)))) {
                    h.record(release.get(), JsonReportWriter.mapper().valueToTree(report), report.startedAt());
                    if (!quiet) {
                        System.out.println("Recorded as " + release.get() + " in the scan history (" + h.where() + ")");
                    }
                } catch (dev.medsec.history.HistoryException e) {
                    err.println("medsec: --history: the report was not recorded: " + e.getMessage());
                    return ExitCodes.USAGE;
                }
            }
            return report.gate().passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /**
     * SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention): the scan's reference time and the
     * report's startedAt, so the same image and database give the same report, SBOMs and submission pack.
     */
    public static Optional<Instant> sourceDate() {
        String v = System.getenv("SOURCE_DATE_EPOCH");
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(v.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static SbomWriter.Subject sbomSubject(ScanOutcome o) {
        return new SbomWriter.Subject(Version.get(), Optional.of(o.targetSha256()));
    }

    /** The first unusable input file given on the command line, with the reason. */
    private Optional<String> validateInputs() {
        for (Path out : java.util.Arrays.asList(json, sarif, junit, html, sbomCycloneDx, sbomSpdx)) {
            Optional<String> bad = unwritable(out);
            if (bad.isPresent()) {
                return bad;
            }
        }
        if (profile != null) {
            try {
                dev.medsec.profile.DeviceProfile.load(profile);
            } catch (dev.medsec.profile.InvalidProfileException e) {
                return Optional.of("invalid device profile " + profile + ": " + e.getMessage());
            }
        }
        for (Path v : vex) {
            if (!Files.isRegularFile(v)) {
                return Optional.of("VEX file not found: " + v + " (no such file)");
            }
        }
        if (!vex.isEmpty()) {
            try {
                dev.medsec.vuln.vex.VexDocuments.read(vex);
            } catch (IOException | RuntimeException e) {
                return Optional.of("invalid VEX document: " + e.getMessage());
            }
        }
        for (Path e : evidence) {
            if (!Files.exists(e)) {
                return Optional.of("evidence not found: " + e + " (no such file or directory)");
            }
        }
        for (List<Path> inputs : List.of(sources, buildDirs)) {
            for (Path d : inputs) {
                if (!Files.isDirectory(d)) {
                    return Optional.of("not a directory: " + d);
                }
            }
        }
        if (database != null && !database.equals(dev.medsec.vuln.db.VulnDatabase.NONE)) {
            // Given on the command line, it must be usable: a scan that silently matched nothing would pass a gate
            // on "no known vulnerabilities". (Without --db, a missing default database is said on the console.)
            Path db = dev.medsec.vuln.db.VulnDatabase.location(Optional.of(database));
            if (!Files.isRegularFile(db)) {
                return Optional.of("vulnerability database not found: " + db + " (no such file; create it with "
                        + "'medsec db update' or 'medsec db import')");
            }
            try (var opened = dev.medsec.vuln.db.VulnDatabase.openExisting(db).orElseThrow()) {
                opened.status();
            } catch (dev.medsec.vuln.db.VulnDatabaseException e) {
                return Optional.of("unusable vulnerability database " + db + ": " + e.getMessage());
            }
        }
        if (endOfSupport != null) {
            if (!Files.isRegularFile(endOfSupport)) {
                return Optional.of("end-of-support file not found: " + endOfSupport + " (no such file)");
            }
            try {
                EndOfSupportData.builtIn().with(endOfSupport);
            } catch (IOException | RuntimeException e) {
                return Optional.of("invalid end-of-support file " + endOfSupport + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private Report toReport(ScanOutcome o, Optional<Severity> gate, WaiverSet waiverSet,
                            com.fasterxml.jackson.databind.JsonNode baselineReport, Optional<Severity> newGate) {
        if (baselineReport != null) {
            // the comparison needs this scan's report as the new side: build it once without, then with the section
            Report current = toReport(o, gate, waiverSet, null, Optional.empty());
            dev.medsec.cli.diff.ReportDiff.Result d = dev.medsec.cli.diff.ReportDiff.of(baselineReport,
                    dev.medsec.report.JsonReportWriter.mapper().valueToTree(current));
            Map<String, Object> section = new java.util.LinkedHashMap<>();
            section.put("baseline", baseline.toString());
            section.put("new", d.added().size());
            section.put("fixed", d.fixed().size());
            section.put("moved", d.moved().size());
            section.put("unchanged", d.unchanged().size());
            section.put("newFindings", d.added().stream().map(dev.medsec.cli.diff.ReportDiff.FindingRef::id).toList());
            section.put("fixedFindings", d.fixed());
            section.put("components", d.components());
            ReportBuilder b = builder(o, gate, waiverSet).section("baseline", section);
            newGate.ifPresent(g -> b.failOnNew(g.label(), d.newAtLeast(g) > 0));
            return b.build();
        }
        return builder(o, gate, waiverSet).build();
    }

    private ReportBuilder builder(ScanOutcome o, Optional<Severity> gate, WaiverSet waiverSet) {
        ReportBuilder b = new ReportBuilder()
                .tool("medsec", Version.get())
                .target(target.toString(), o.targetSha256(), o.targetType())
                .timing(sourceDate().orElse(o.startedAt()), o.durationMs())
                .stats(o.files(), o.bytes(), o.artifactsByType())
                .failOn(gate)
                .gateFirstPartyOnly(gateOrigin.equals("first-party"))
                .failOnKev(failOnKev)
                .minCoverage(minCoverage == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(minCoverage))
                .findings(o.findings())
                .errors(o.errors())
                .components(o.image().components());
        o.sections().forEach(b::section);
        b.waivers(waiverSet, java.time.LocalDate.ofInstant(o.image().settings().now(), java.time.ZoneOffset.UTC));
        return b;
    }

    /**
     * Why a report could not be written where the user asked, found before the scan rather than after it: the
     * nearest existing ancestor must be a writable directory (missing directories are created).
     */
    public static Optional<String> unwritable(Path out) {
        if (out == null) {
            return Optional.empty();
        }
        Path abs = out.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return Optional.of("cannot write " + out + ": it is a directory");
        }
        for (Path d = abs.getParent(); d != null; d = d.getParent()) {
            if (Files.exists(d)) {
                if (!Files.isDirectory(d)) {
                    return Optional.of("cannot write " + out + ": " + d + " is not a directory");
                }
                if (!Files.isWritable(d)) {
                    return Optional.of("cannot write " + out + ": permission denied (" + d + ")");
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** "16G", "512M", "100k" or a plain number of bytes. */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long mult = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            mult = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t.trim());
            if (v <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, mult);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid size '" + text + "' (e.g. 16G, 512M, 1000000)");
        }
    }
}
