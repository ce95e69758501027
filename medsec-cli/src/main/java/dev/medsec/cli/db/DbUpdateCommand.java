package dev.medsec.cli.db;

import dev.medsec.cli.ExitCodes;
import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.VulnDatabase;
import dev.medsec.vuln.update.FeedUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** The only command that downloads: NVD CVE API 2.0 (incremental, resumable) and OSV ecosystem zips. */
@Command(name = "update", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:updated", "1:a source could not be reached or read (what was imported is kept; run it again to resume)", "2:bad usage", "3:internal error of medsec"},
        description = "Download advisories: NVD CVE API 2.0 (paged, incremental by lastModStartDate, resumable) "
                + "and OSV ecosystem zips; with --kev-url and --epss-url also the CISA KEV catalog and FIRST EPSS scores.")
public final class DbUpdateCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE", description = "Database file (default ~/.medsec/medsec.db).")
    String database;

    @Option(names = "--nvd-url", paramLabel = "URL", defaultValue = FeedUpdater.NVD_DEFAULT,
            description = "NVD CVE API 2.0 endpoint (default ${DEFAULT-VALUE}).")
    URI nvdUrl;

    @Option(names = "--no-nvd", description = "Do not download from the NVD.")
    boolean noNvd;

    @Option(names = "--nvd-api-key-env", paramLabel = "VAR", defaultValue = "NVD_API_KEY",
            description = "Environment variable holding the NVD API key (default ${DEFAULT-VALUE}); the key is never "
                    + "taken on the command line, where other users could read it.")
    String apiKeyEnv;

    @Option(names = "--osv-url", paramLabel = "URL",
            description = "OSV ecosystem zip, e.g. https://osv-vulnerabilities.storage.googleapis.com/Maven/all.zip "
                    + "(repeatable).")
    List<URI> osv = new ArrayList<>();

    @Option(names = "--kev-url", paramLabel = "URL",
            description = "CISA Known Exploited Vulnerabilities catalog (JSON feed), e.g. "
                    + "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json; replaces the stored catalog.")
    URI kevUrl;

    @Option(names = "--epss-url", paramLabel = "URL",
            description = "FIRST EPSS scores (CSV, plain or .gz), the daily epss_scores-current.csv.gz; replaces the stored scores.")
    URI epssUrl;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "2000", description = "NVD page size (max 2000).")
    int pageSize;

    @Option(names = "--delay-ms", paramLabel = "MS",
            description = "Pause between NVD pages (default 6000 without an API key, 600 with one: the NVD's rate limits).")
    Long delayMs;

    /**
     * The cause in words a user can act on: the host that could not be reached and why (an IOException of the
     * HTTP client often has no message of its own).
     */
    static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.UnknownHostException u) {
                return "host " + u.getMessage() + " not found (no network, or no DNS; air-gapped sites use 'medsec db import FILE...')";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.http.HttpConnectTimeoutException) {
                return "cannot connect" + (t.getMessage() == null ? "" : ": " + t.getMessage())
                        + " (no network? air-gapped sites use 'medsec db import FILE...')";
            }
        }
        String m = e.getMessage();
        Throwable cause = e.getCause();
        if ((m == null || m.isBlank()) && cause != null) {
            m = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Optional<String> key = Optional.ofNullable(System.getenv(apiKeyEnv)).filter(k -> !k.isBlank());
        long delay = delayMs != null ? delayMs : key.isPresent() ? 600 : 6000;
        FeedUpdater.Settings s;
        try {
            s = new FeedUpdater.Settings(noNvd ? Optional.empty() : Optional.of(nvdUrl), key, osv, pageSize,
                    Duration.ofMillis(delay), Instant.now(), Optional.ofNullable(kevUrl), Optional.ofNullable(epssUrl));
        } catch (IllegalArgumentException e) {
            System.err.println("medsec: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path file = VulnDatabase.location(Optional.ofNullable(database));
        try (VulnDatabase db = VulnDatabase.openForWrite(file)) {
            FeedImporter.Result r = new FeedUpdater().update(db, s, System.err::println);
            System.out.println("updated: " + r);
            System.out.println("snapshot " + db.status().snapshot());
        } catch (IOException e) {
            String hosts = (noNvd ? "" : nvdUrl.getHost() + " ") + String.join(" ", osv.stream().map(URI::getHost).toList())
                    + (kevUrl == null ? "" : " " + kevUrl.getHost()) + (epssUrl == null ? "" : " " + epssUrl.getHost());
            System.err.println("medsec: update stopped while reaching " + hosts.strip() + " (run it again to resume; what was"
                    + " imported is kept): " + describe(e));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
