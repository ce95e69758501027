package dev.medsec.cli.evidence;

import dev.medsec.cli.Version;
import dev.medsec.core.Severity;
import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.report.ConsoleSummary;
import dev.medsec.report.JsonReportWriter;
import dev.medsec.report.Report;
import dev.medsec.report.ReportBuilder;
import dev.medsec.report.SarifWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Writes a {@link CheckRun} as report.json / SARIF / console summary, the same way {@code medsec scan} does. */
public final class ReportOutput {
    private ReportOutput() {
    }

    public static Report build(CheckRun run, String target, String sha256, String type, Instant started,
                               long files, Optional<Severity> gate) {
        ReportBuilder b = new ReportBuilder()
                .tool("medsec", Version.get())
                .target(target, sha256, type)
                .timing(started, java.time.Duration.between(started, Instant.now()).toMillis())
                .stats(files, 0, Map.of())
                .failOn(gate)
                .findings(run.findings())
                .errors(run.errors());
        run.sections().forEach(b::section);
        return b.build();
    }

    public static void write(Report report, List<? extends Check> checks, Path json, Path sarif, boolean quiet,
                             PrintStream console) throws IOException {
        if (json != null) {
            JsonReportWriter.write(report, json);
        }
        if (sarif != null) {
            SarifWriter.write(report, checks.stream().map(CheckMetadata::of).toList(), sarif);
        }
        if (!quiet) {
            ConsoleSummary.print(report, console, 20);
        }
    }

    /** "none" or absent: no gate. */
    public static Optional<Severity> gate(String failOn) {
        return failOn == null || failOn.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(Severity.parse(failOn));
    }
}
