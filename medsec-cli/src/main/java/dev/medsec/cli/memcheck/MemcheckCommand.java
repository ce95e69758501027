package dev.medsec.cli.memcheck;

import dev.medsec.cli.ExitCodes;
import dev.medsec.cli.evidence.CheckRun;
import dev.medsec.cli.evidence.ReportOutput;
import dev.medsec.core.ScanError;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.memory.MemoryErrors;
import dev.medsec.memory.MemoryFindingReporter;
import dev.medsec.memory.checks.MemoryChecks;
import dev.medsec.memory.checks.MemoryEvidenceCheck;
import dev.medsec.memory.valgrind.ValgrindRun;
import dev.medsec.memory.valgrind.ValgrindRunner;
import dev.medsec.memory.valgrind.ValgrindUnavailableException;
import dev.medsec.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code medsec memcheck -- PROGRAM ARGS...}: runs programs under Valgrind memcheck and reports what it finds as
 * principle 5 findings. Several runs ({@code --each}, {@code --commands}) merge into one report; the same defect
 * seen in several runs is one finding with its occurrences added up.
 */
@Command(name = "memcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run programs under Valgrind memcheck and report leaks, invalid accesses, double frees,"
                + " use after free, uninitialised values.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:gate passed", "1:a finding at or above --fail-on",
                "2:bad usage, Valgrind missing, or no run produced a report"})
public final class MemcheckCommand implements Callable<Integer> {
    @Option(names = "--suppressions", paramLabel = "FILE", description = "Valgrind suppression file (repeatable).")
    List<Path> suppressions = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Wall-clock limit of each run; the program is killed when it is reached (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--json", paramLabel = "FILE", description = "Write report.json (schemaVersion 1).")
    Path json;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Write SARIF 2.1.0.")
    Path sarif;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding is at or above this severity. Default: none fails.")
    String failOn;

    @Option(names = "--each", paramLabel = "'CMD ARGS...'",
            description = "A command line to run under memcheck (repeatable); quoted like a shell, never expanded.")
    List<String> each = new ArrayList<>();

    @Option(names = "--commands", paramLabel = "FILE",
            description = "A file of command lines to run, one per line ('#' starts a comment line).")
    Path commandsFile;

    @Option(names = "--valgrind", paramLabel = "PATH", defaultValue = "valgrind",
            description = "The valgrind executable (default: from PATH).")
    String valgrind;

    @Option(names = {"-q", "--quiet"}, description = "No summary, and the programs' own output discarded.")
    boolean quiet;

    @Parameters(paramLabel = "PROGRAM ARGS", description = "The program to run and its arguments (after --).")
    List<String> program = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Optional<Severity> gate;
        List<List<String>> commands;
        try {
            gate = ReportOutput.gate(failOn);
            commands = commands();
        } catch (IllegalArgumentException e) {
            System.err.println("medsec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (commands.isEmpty()) {
            System.err.println("medsec: nothing to run: give '-- PROGRAM ARGS...', --each or --commands");
            return ExitCodes.USAGE;
        }
        if (timeoutSeconds <= 0) {
            System.err.println("medsec: --timeout must be positive");
            return ExitCodes.USAGE;
        }
        Instant started = Instant.now();
        ValgrindRunner runner = new ValgrindRunner(valgrind, Duration.ofSeconds(timeoutSeconds), suppressions,
                quiet ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.INHERIT);
        Path cwd = Path.of("").toAbsolutePath();
        CheckRun run = new CheckRun();
        List<MemoryErrors.Located> located = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        int reported = 0;
        for (List<String> cmd : commands) {
            String path = imagePath(cmd.get(0));
            try {
                ValgrindRun r = runner.run(cmd, cwd);
                reported++;
                r.output().errors().forEach(e -> located.add(new MemoryErrors.Located(path, e)));
                runs.add(describe(r));
                if (r.timedOut()) {
                    run.error(new ScanError(path, ScanError.Stage.CHECK, "memcheck: '" + String.join(" ", cmd)
                            + "' stopped at the time limit of " + timeoutSeconds + " s; errors up to then are kept"));
                }
            } catch (ValgrindUnavailableException e) {
                System.err.println("medsec: " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (IOException e) {
                run.error(new ScanError(path, ScanError.Stage.CHECK, "memcheck: " + e.getMessage()));
                Map<String, Object> failed = new LinkedHashMap<>();
                failed.put("command", cmd);
                failed.put("error", String.valueOf(e.getMessage()));
                runs.add(failed);
            }
        }
        report(MemoryErrors.merge(located), run);
        run.sections().put("memcheck", Map.of("tool", "valgrind memcheck", "runs", runs));
        Report report = ReportOutput.build(run, String.join(" ", commands.get(0)), sha256(commands.get(0).get(0)),
                "memcheck", started, commands.size(), gate);
        ReportOutput.write(report, MemoryChecks.all(), json, sarif, quiet, System.out);
        if (reported == 0) {
            System.err.println("medsec: no run produced a memcheck report");
            return ExitCodes.USAGE;
        }
        return report.gate().passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Each error through the collector of the check that owns its kind, so ids, severity and CWE match a scan. */
    private static void report(List<MemoryErrors.Located> errors, CheckRun run) {
        Map<MemoryEvidenceCheck, FindingCollector> collectors = new LinkedHashMap<>();
        for (MemoryErrors.Located l : errors) {
            MemoryEvidenceCheck check = MemoryChecks.forKind(l.error().kind());
            FindingCollector out = collectors.computeIfAbsent(check, c -> new FindingCollector(CheckMetadata.of(c)));
            MemoryFindingReporter.report(l.error(), l.path(), out);
        }
        collectors.values().forEach(run::add);
    }

    private List<List<String>> commands() throws IOException {
        List<List<String>> out = new ArrayList<>();
        if (!program.isEmpty()) {
            out.add(List.copyOf(program));
        }
        for (String line : each) {
            List<String> words = ShellWords.split(line);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("--each needs a command");
            }
            out.add(words);
        }
        if (commandsFile != null) {
            if (!Files.isRegularFile(commandsFile)) {
                throw new IllegalArgumentException("commands file not found: " + commandsFile);
            }
            for (String line : Files.readAllLines(commandsFile, StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(ShellWords.split(t));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> describe(ValgrindRun r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", r.command());
        if (r.exitCode().isPresent()) {
            m.put("exitCode", r.exitCode().getAsInt());
        }
        m.put("timedOut", r.timedOut());
        m.put("durationMs", r.duration().toMillis());
        m.put("complete", r.output().complete());
        m.put("errors", r.output().errors().size());
        return m;
    }

    /** The program as a '/'-rooted path: absolute as given, relative ones rooted at the working directory. */
    static String imagePath(String program) {
        Path p = Path.of(program).normalize();
        String s = p.toString().replace('\\', '/');
        return s.startsWith("/") ? s : "/" + s;
    }

    private static String sha256(String program) {
        Path p = Path.of(program);
        if (!Files.isRegularFile(p)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "";
        }
    }
}
