package dev.medsec.cli.db;

import dev.medsec.cli.ExitCodes;
import dev.medsec.vuln.db.VulnDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Sources, record counts, last update and snapshot id of the database. */
@Command(name = "status", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the database was described", "1:there is no database at that location", "2:bad usage or an unusable database"},
        description = "Show sources, record counts, last update and the snapshot id stamped into reports.")
public final class DbStatusCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE", description = "Database file (default ~/.medsec/medsec.db).")
    String database;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        Path file = VulnDatabase.location(Optional.ofNullable(database));
        Optional<VulnDatabase> opened = VulnDatabase.openExisting(file);
        if (opened.isEmpty()) {
            System.err.println("medsec: no vulnerability database at " + file
                    + "; create one with 'medsec db import' or 'medsec db update'");
            return ExitCodes.FAILED;
        }
        try (VulnDatabase db = opened.get()) {
            VulnDatabase.Status s = db.status();
            out.println("database    " + file);
            out.println("snapshot    " + s.snapshot());
            out.println("records     " + s.records());
            for (Map.Entry<String, Long> e : s.recordsBySource().entrySet()) {
                out.printf("  %-9s %d%n", e.getKey(), e.getValue());
            }
            out.println("last update " + s.lastUpdate().orElse("never"));
            for (Map.Entry<String, String> e : s.sourceUpdates().entrySet()) {
                out.printf("  source %-12s updated %s%n", e.getKey(), e.getValue());
            }
        }
        return ExitCodes.OK;
    }
}
