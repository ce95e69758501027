package dev.medsec.cli.evidence;

import dev.medsec.cli.ExitCodes;
import dev.medsec.core.Severity;
import dev.medsec.core.check.Check;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.evidence.checks.EvidenceChecks;
import dev.medsec.memory.checks.MemoryChecks;
import dev.medsec.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code medsec evidence import FILE...}: turns evidence files into a report without an image, through the same
 * checks {@code medsec scan --evidence} runs.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Read Valgrind XML, ASan/LSan/UBSan logs, AFL++ output directories, SARIF or cppcheck XML"
                + " and report their findings.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:gate passed", "1:a finding at or above --fail-on", "2:bad usage or no usable evidence"})
public final class EvidenceImportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Evidence files or directories.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "Write report.json (schemaVersion 1).")
    Path json;

    @Option(names = "--sarif", paramLabel = "FILE", description = "Write SARIF 2.1.0.")
    Path sarif;

    @Option(names = "--fail-on", paramLabel = "SEVERITY",
            description = "Exit 1 when a finding is at or above this severity. Default: none fails.")
    String failOn;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard output.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Optional<Severity> gate;
        try {
            gate = ReportOutput.gate(failOn);
        } catch (IllegalArgumentException e) {
            System.err.println("medsec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        for (Path f : files) {
            if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                System.err.println("medsec: evidence not found: " + f);
                return ExitCodes.USAGE;
            }
        }
        Instant started = Instant.now();
        ScanSettings settings = new ScanSettings(started, Optional.empty(), List.of(), List.of(), files,
                Optional.empty(), Map.of());
        List<Check> checks = checks();
        CheckRun run = new CheckRun().run(checks, new Image("evidence", List.of(), settings));
        Report report = ReportOutput.build(run, String.join(" ", files.stream().map(Path::toString).toList()), "",
                "evidence", started, files.size(), gate);
        ReportOutput.write(report, checks, json, sarif, quiet, System.out);
        return report.gate().passed() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static List<Check> checks() {
        List<Check> all = new ArrayList<>(MemoryChecks.all());
        all.addAll(EvidenceChecks.all());
        return all;
    }
}
