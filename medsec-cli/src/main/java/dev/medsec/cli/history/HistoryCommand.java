package dev.medsec.cli.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medsec.cli.ExitCodes;
import dev.medsec.history.HistoryException;
import dev.medsec.history.ScanHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code medsec history [NAME]}: the releases recorded with {@code scan --history}, with their counts. */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = "List the releases recorded with 'scan --history NAME@VERSION': when, the gate, and active "
                + "findings per principle and severity. Compare two with 'medsec diff NAME@1.2 NAME@1.3'.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "1:nothing recorded (for NAME)", "2:bad usage or an unusable history store",
                "3:internal error of medsec"})
public final class HistoryCommand implements Callable<Integer> {
    private static final String[] SEVERITIES = {"critical", "high", "medium", "low", "info"};

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Only the releases of this product.")
    String product;

    @Option(names = "--history-db", paramLabel = "FILE|URL",
            description = "SQLite file (default ~/.medsec/history.db, or $MEDSEC_HISTORY_DB) or jdbc:postgresql:// URL.")
    String historyDb;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the list as JSON.")
    Path json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ScanHistory.Entry> entries;
        String where;
        try (ScanHistory h = ScanHistory.open(ScanHistory.location(Optional.ofNullable(historyDb)))) {
            entries = h.list(Optional.ofNullable(product));
            where = h.where();
        } catch (HistoryException e) {
            err.println("medsec history: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (json != null) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ScanHistory.Entry e : entries) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("product", e.release().product());
                m.put("version", e.release().version());
                m.put("recordedAt", e.recordedAt());
                m.put("targetSha256", e.targetSha256());
                m.put("gatePassed", e.gatePassed());
                m.put("findings", e.findings());
                Map<String, Object> byPrinciple = new LinkedHashMap<>();
                e.counts().forEach((p, c) -> byPrinciple.put(String.valueOf(p), c));
                m.put("byPrinciple", byPrinciple);
                rows.add(m);
            }
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(),
                    Map.of("schemaVersion", 1, "releases", rows));
        }
        if (entries.isEmpty()) {
            out.println("No release recorded" + (product == null ? "" : " for " + product) + " in " + where
                    + "; record one with 'medsec scan TARGET --history NAME@VERSION'");
            return ExitCodes.FAILED;
        }
        out.printf("%-28s %-20s %-6s %5s %5s %5s %5s %5s  %s%n", "RELEASE", "RECORDED", "GATE", "CRIT", "HIGH", "MED",
                "LOW", "INFO", "P1..P7 above info");
        for (ScanHistory.Entry e : entries) {
            int[] sev = new int[SEVERITIES.length];
            StringBuilder principles = new StringBuilder();
            for (int p = 1; p <= 7; p++) {
                Map<String, Integer> c = e.counts().getOrDefault(p, Map.of());
                int above = 0;
                for (int i = 0; i < SEVERITIES.length; i++) {
                    int n = c.getOrDefault(SEVERITIES[i], 0);
                    sev[i] += n;
                    above += SEVERITIES[i].equals("info") ? 0 : n;
                }
                principles.append(p == 1 ? "" : " ").append(above);
            }
            out.printf("%-28s %-20s %-6s %5d %5d %5d %5d %5d  %s%n", e.release(), e.recordedAt().replaceFirst("\\.\\d+Z$", "Z"),
                    e.gatePassed() ? "pass" : "FAIL", sev[0], sev[1], sev[2], sev[3], sev[4], principles);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
