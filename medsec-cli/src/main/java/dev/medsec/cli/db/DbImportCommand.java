package dev.medsec.cli.db;

import dev.medsec.cli.ExitCodes;
import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.VulnDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Imports NVD 2.0 / OSV files or trees (plain, .gz, .xz, OSV .zip) without network: the air-gapped path. */
@Command(name = "import", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "2:bad usage, or an unreadable file or database", "3:internal error of medsec"},
        description = "Import NVD CVE API 2.0 JSON (bare cve objects or {\"vulnerabilities\":[...]} pages and feeds) "
                + "and OSV records or ecosystem zips; plain, .gz or .xz; files or directory trees. Idempotent.")
public final class DbImportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Feed files or directories.")
    List<Path> paths;

    @Option(names = "--db", paramLabel = "FILE", description = "Database file (default ~/.medsec/medsec.db).")
    String database;

    @Option(names = {"-q", "--quiet"}, description = "No per-file progress.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        for (Path p : paths) {
            if (!Files.exists(p)) {
                System.err.println("medsec: not found: " + p);
                return ExitCodes.USAGE;
            }
        }
        Path file = VulnDatabase.location(Optional.ofNullable(database));
        long t0 = System.nanoTime();
        try (VulnDatabase db = VulnDatabase.openForWrite(file)) {
            FeedImporter.Result r = new FeedImporter().importPaths(paths, db, quiet ? s -> { } : out::println);
            String snapshot = db.refreshSnapshot(Instant.now());
            db.putSourceState("import", Instant.now().toString(), "", r.toString());
            out.printf("imported %s in %d ms%n", r, (System.nanoTime() - t0) / 1_000_000);
            for (String p : r.problemList()) {
                out.println("  problem: " + p);
            }
            out.println("snapshot " + snapshot);
        }
        return ExitCodes.OK;
    }
}
