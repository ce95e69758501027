package dev.medsec.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.cli.ExitCodes;
import dev.medsec.core.Severity;
import dev.medsec.report.JsonReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code medsec diff OLD.json NEW.json}: what changed between two releases' reports. */
@Command(name = "diff", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare two report.json files of one product: findings new, fixed, moved and unchanged "
                + "(by stable id), components added, removed, upgraded and downgraded.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compared (and no new finding at or above --fail-on-new)",
                "1:a new finding at or above --fail-on-new", "2:bad usage or an unreadable report",
                "3:internal error of medsec"})
public final class DiffCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "report.json of the earlier release (the baseline), "
            + "or NAME@VERSION recorded in the scan history.")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "report.json of the new release, or NAME@VERSION.")
    Path newer;

    @Option(names = "--history-db", paramLabel = "FILE|URL",
            description = "The history store NAME@VERSION is read from (default ~/.medsec/history.db).")
    String historyDb;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the comparison as JSON (docs/usage.md).")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write it as Markdown, for a merge-request comment.")
    Path markdown;

    @Option(names = "--sarif", paramLabel = "FILE",
            description = "Write SARIF 2.1.0 with baselineState (new, updated, unchanged, absent) for code-scanning dashboards.")
    Path sarif;

    @Option(names = "--fail-on-new", paramLabel = "SEVERITY",
            description = "Exit 1 when a new finding is at or above this severity (critical, high, medium, low, info).")
    String failOnNew;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard output.")
    boolean quiet;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Severity> gate;
        try {
            gate = failOnNew == null ? Optional.empty() : Optional.of(Severity.parse(failOnNew));
        } catch (IllegalArgumentException e) {
            err.println("medsec diff: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        JsonNode o;
        JsonNode n;
        try {
            o = readOrRecorded(older);
            n = readOrRecorded(newer);
        } catch (IOException e) {
            err.println("medsec diff: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ReportDiff.Result r = ReportDiff.of(o, n);
        if (json != null) {
            JsonReportWriter.writeAtomically(json, out -> MAPPER.writeValue(out, toJson(r, gate)));
        }
        if (markdown != null) {
            JsonReportWriter.writeAtomically(markdown, out -> out.write(markdown(r).getBytes(StandardCharsets.UTF_8)));
        }
        if (sarif != null) {
            JsonReportWriter.writeAtomically(sarif, out -> MAPPER.writeValue(out, sarif(r)));
        }
        boolean failed = gate.isPresent() && r.newAtLeast(gate.get()) > 0;
        if (!quiet) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(console(r));
            gate.ifPresent(g -> out.println("gate --fail-on-new " + g.label() + ": " + (failed ? "FAILED" : "PASSED")));
            out.flush();
        }
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /** A report.json file, or, when no such file exists and the argument is NAME@VERSION, the recorded report. */
    private JsonNode readOrRecorded(Path p) throws IOException {
        String text = p.toString();
        if (Files.exists(p) || !text.contains("@")) {
            return read(p);
        }
        dev.medsec.history.ScanHistory.Release release;
        try {
            release = dev.medsec.history.ScanHistory.Release.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(text + ": neither a file nor NAME@VERSION (" + e.getMessage() + ")");
        }
        try (dev.medsec.history.ScanHistory h = dev.medsec.history.ScanHistory.open(
                dev.medsec.history.ScanHistory.location(Optional.ofNullable(historyDb)))) {
            return h.report(release).orElseThrow(() -> new IOException(release + " is not recorded in the scan "
                    + "history (" + h.where() + "); see 'medsec history'"));
        } catch (dev.medsec.history.HistoryException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A medsec report.json, or an IOException that says what the file is not. */
    public static JsonNode read(Path p) throws IOException {
        if (!Files.isRegularFile(p)) {
            throw new IOException(p + ": no such file");
        }
        JsonNode j;
        try {
            j = MAPPER.readTree(p.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(p + ": not JSON (" + e.getOriginalMessage() + ")");
        }
        if (j == null || !j.has("findings") || j.path("schemaVersion").asInt(0) != 1) {
            throw new IOException(p + ": not a medsec report.json (schemaVersion 1 with findings)");
        }
        return j;
    }

    static String counts(List<ReportDiff.FindingRef> fs) {
        Map<Severity, Integer> by = new TreeMap<>();
        fs.forEach(f -> by.merge(Severity.parse(f.severity()), 1, Integer::sum));
        StringBuilder sb = new StringBuilder();
        by.forEach((s, c) -> sb.append(sb.length() == 0 ? "" : ", ").append(c).append(' ').append(s.label()));
        return sb.length() == 0 ? "" : " (" + sb + ")";
    }

    static String console(ReportDiff.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("medsec diff: ").append(r.oldTarget()).append(" -> ").append(r.newTarget()).append('\n');
        sb.append("Findings: ").append(r.added().size()).append(" new").append(counts(r.added())).append(", ")
                .append(r.fixed().size()).append(" fixed").append(counts(r.fixed())).append(", ")
                .append(r.moved().size()).append(" moved, ").append(r.unchanged().size()).append(" unchanged\n");
        appendList(sb, "New", r.added(), 20);
        appendList(sb, "Fixed", r.fixed(), 10);
        Map<String, Integer> changes = new TreeMap<>();
        r.components().forEach(c -> changes.merge(c.change(), 1, Integer::sum));
        sb.append("Components: ").append(changes.isEmpty() ? "no change" : changes.toString().replaceAll("[{}]", "")
                .replace("=", " ")).append('\n');
        for (ReportDiff.ComponentChange c : r.components().stream().limit(20).toList()) {
            sb.append(String.format("  %-10s %s %s%n", c.change(), c.name(),
                    c.oldVersion() == null ? c.newVersion() : c.newVersion() == null ? c.oldVersion()
                            : c.oldVersion() + " -> " + c.newVersion()));
        }
        Map<String, Object> ch = r.changes();
        line(sb, "Vulnerabilities new", ch.get("vulnerabilitiesNew"));
        line(sb, "Vulnerabilities resolved", ch.get("vulnerabilitiesResolved"));
        line(sb, "Services added", names(ch.get("servicesAdded")));
        line(sb, "Services removed", names(ch.get("servicesRemoved")));
        if (ch.get("chainOfTrust") instanceof List<?> l && !l.isEmpty()) {
            sb.append("Chain of trust:\n");
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                sb.append("  ").append(m.get("stage")).append(": ").append(m.get("old")).append(" -> ").append(m.get("new")).append('\n');
            }
        }
        if (ch.get("hardeningRegressions") instanceof List<?> l && !l.isEmpty()) {
            sb.append("Hardening regressions:\n");
            for (Object o : l.stream().limit(20).toList()) {
                Map<?, ?> m = (Map<?, ?>) o;
                sb.append("  ").append(m.get("path")).append(": ").append(strings(m.get("regressions"))).append('\n');
            }
        }
        return sb.toString();
    }

    private static String strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")) : "";
    }

    private static List<String> names(Object rows) {
        List<String> out = new java.util.ArrayList<>();
        if (rows instanceof List<?> l) {
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                out.add(m.get("name") + " (" + m.get("enabledBy") + ")");
            }
        }
        return out;
    }

    private static void line(StringBuilder sb, String title, Object items) {
        if (items instanceof List<?> l && !l.isEmpty()) {
            sb.append(title).append(": ").append(l.stream().limit(20).map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(", "))).append(l.size() > 20 ? ", ..." : "").append('\n');
        }
    }

    private static void appendList(StringBuilder sb, String title, List<ReportDiff.FindingRef> fs, int max) {
        if (fs.isEmpty()) {
            return;
        }
        sb.append(title).append(":\n");
        for (ReportDiff.FindingRef f : fs.stream().limit(max).toList()) {
            sb.append(String.format("  %-8s %-34s %s%n           %s%n", f.severity().toUpperCase(Locale.ROOT), f.check(),
                    f.path(), f.message()));
        }
        if (fs.size() > max) {
            sb.append("  ... and ").append(fs.size() - max).append(" more\n");
        }
    }

    static String markdown(ReportDiff.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("### medsec: ").append(r.added().size()).append(" new, ").append(r.fixed().size()).append(" fixed, ")
                .append(r.moved().size()).append(" moved, ").append(r.unchanged().size()).append(" unchanged findings\n\n");
        for (var section : List.of(Map.entry("New findings", r.added()), Map.entry("Fixed findings", r.fixed()))) {
            if (section.getValue().isEmpty()) {
                continue;
            }
            sb.append("#### ").append(section.getKey()).append("\n\n| severity | check | path | message |\n| --- | --- | --- | --- |\n");
            for (ReportDiff.FindingRef f : section.getValue().stream().limit(100).toList()) {
                sb.append("| ").append(f.severity()).append(" | `").append(f.check()).append("` | `").append(cell(f.path()))
                        .append("` | ").append(cell(f.message())).append(" |\n");
            }
            sb.append('\n');
        }
        Map<String, Object> ch = r.changes();
        for (var e : List.of(Map.entry("New vulnerabilities", "vulnerabilitiesNew"),
                Map.entry("Resolved vulnerabilities", "vulnerabilitiesResolved"))) {
            if (ch.get(e.getValue()) instanceof List<?> l && !l.isEmpty()) {
                sb.append("#### ").append(e.getKey()).append("\n\n");
                l.forEach(v -> sb.append("- ").append(cell(String.valueOf(v))).append('\n'));
                sb.append('\n');
            }
        }
        if (ch.get("servicesAdded") instanceof List<?> l && !l.isEmpty()) {
            sb.append("#### Services added\n\n");
            names(l).forEach(n -> sb.append("- ").append(cell(n)).append('\n'));
            sb.append('\n');
        }
        if (ch.get("hardeningRegressions") instanceof List<?> l && !l.isEmpty()) {
            sb.append("#### Hardening regressions\n\n| binary | regression |\n| --- | --- |\n");
            for (Object o : l) {
                Map<?, ?> m = (Map<?, ?>) o;
                sb.append("| `").append(cell(String.valueOf(m.get("path")))).append("` | ")
                        .append(cell(strings(m.get("regressions")))).append(" |\n");
            }
            sb.append('\n');
        }
        if (!r.components().isEmpty()) {
            sb.append("#### Components\n\n| change | component | version |\n| --- | --- | --- |\n");
            for (ReportDiff.ComponentChange c : r.components().stream().limit(200).toList()) {
                sb.append("| ").append(c.change()).append(" | ").append(cell(c.name())).append(" | ")
                        .append(c.oldVersion() == null ? c.newVersion() : c.newVersion() == null ? c.oldVersion()
                                : c.oldVersion() + " → " + c.newVersion()).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static JsonNode toJson(ReportDiff.Result r, Optional<Severity> gate) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", 1);
        root.put("oldTarget", r.oldTarget());
        root.put("newTarget", r.newTarget());
        ObjectNode counts = root.putObject("counts");
        counts.put("new", r.added().size());
        counts.put("fixed", r.fixed().size());
        counts.put("moved", r.moved().size());
        counts.put("unchanged", r.unchanged().size());
        root.set("newFindings", MAPPER.valueToTree(r.added()));
        root.set("fixedFindings", MAPPER.valueToTree(r.fixed()));
        root.set("movedFindings", MAPPER.valueToTree(r.moved()));
        root.set("components", MAPPER.valueToTree(r.components()));
        root.set("changes", MAPPER.valueToTree(r.changes()));
        gate.ifPresent(g -> {
            ObjectNode gn = root.putObject("gate");
            gn.put("failOnNew", g.label());
            gn.put("passed", r.newAtLeast(g) == 0);
        });
        return root;
    }

    static JsonNode sarif(ReportDiff.Result r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        run.putObject("tool").putObject("driver").put("name", "medsec").put("informationUri", "https://github.com/medsec/medsec");
        ArrayNode results = run.putArray("results");
        add(results, r.added(), "new");
        add(results, r.moved(), "updated");
        add(results, r.unchanged(), "unchanged");
        add(results, r.fixed(), "absent");
        return root;
    }

    private static void add(ArrayNode results, List<ReportDiff.FindingRef> fs, String state) {
        for (ReportDiff.FindingRef f : fs) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.check());
            Severity s = Severity.parse(f.severity());
            res.put("level", s.atLeast(Severity.HIGH) ? "error" : s.atLeast(Severity.MEDIUM) ? "warning" : "note");
            res.putObject("message").put("text", f.message());
            res.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", f.path().startsWith("/") ? f.path().substring(1) : f.path());
            res.putObject("partialFingerprints").put("medsecFindingId/v1", f.id());
            res.put("baselineState", state);
        }
    }
}
