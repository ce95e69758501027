package dev.medsec.vuln.update;

import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.VulnDatabase;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code medsec db update}: downloads advisories into the database.
 *
 * <ul>
 *   <li>NVD CVE API 2.0: pages of {@code resultsPerPage} records by {@code startIndex}; after a first full
 *       download, only records changed since the last update ({@code lastModStartDate}/{@code lastModEndDate},
 *       in windows of at most 120 days as the API requires). The position is saved after every page, so an
 *       interrupted update resumes where it stopped instead of starting again. An API key, when given, is sent
 *       in the {@code apiKey} header.</li>
 *   <li>OSV: one {@code all.zip} per ecosystem, streamed into the importer.</li>
 * </ul>
 * Each page goes through the same streaming importer as {@code db import}, so it is idempotent too.
 */
public final class FeedUpdater {
    public static final String NVD_DEFAULT = "https://services.nvd.nist.gov/rest/json/cves/2.0";
    private static final String NVD_SOURCE = "nvd-api";
    private static final DateTimeFormatter NVD_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final long MAX_WINDOW_DAYS = 120;
    private static final int MAX_PAGES = 100_000;

    /** Settings of one update run. */
    /**
     * @param kev  the CISA KEV catalog (JSON feed) to download, replacing the stored catalog
     * @param epss the FIRST EPSS score file (CSV, plain or .gz) to download, replacing the stored scores
     */
    public record Settings(Optional<URI> nvd, Optional<String> apiKey, List<URI> osvZips, int pageSize,
                           Duration delay, Instant now, Optional<URI> kev, Optional<URI> epss) {
        public Settings {
            osvZips = List.copyOf(osvZips);
            kev = kev == null ? Optional.empty() : kev;
            epss = epss == null ? Optional.empty() : epss;
            if (pageSize < 1 || pageSize > 2000) {
                throw new IllegalArgumentException("page size must be 1..2000 (the NVD API maximum)");
            }
        }

        public Settings(Optional<URI> nvd, Optional<String> apiKey, List<URI> osvZips, int pageSize, Duration delay,
                        Instant now) {
            this(nvd, apiKey, osvZips, pageSize, delay, now, Optional.empty(), Optional.empty());
        }
    }

    private final HttpClient http;
    private final FeedImporter importer = new FeedImporter();

    public FeedUpdater() {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Runs the update; {@code progress} receives one line per page. */
    public FeedImporter.Result update(VulnDatabase db, Settings s, Consumer<String> progress)
            throws IOException, InterruptedException {
        FeedImporter.Result total = new FeedImporter.Result();
        if (s.nvd().isPresent()) {
            updateNvd(db, s, total, progress);
        }
        for (URI zip : s.osvZips()) {
            try (VulnDatabase.Writer w = db.writer(); InputStream in = get(zip, Optional.empty())) {
                importer.importStream(in, zip.getPath(), w, total);
            }
            db.putSourceState("osv:" + zip, s.now().toString(), "", "");
            progress.accept("osv " + zip + ": " + total);
        }
        if (s.kev().isPresent()) {
            List<String> problems = new java.util.ArrayList<>();
            try (InputStream in = get(s.kev().get(), Optional.empty())) {
                long n = db.exploitSignals().importKev(in, "KEV " + s.kev().get(), problems);
                progress.accept("kev " + s.kev().get() + ": " + n + " entries");
            }
            problems.forEach(p -> progress.accept("  problem: " + p));
            db.putSourceState("kev", s.now().toString(), "", db.exploitSignals().summary().kevCatalogVersion().orElse(""));
        }
        if (s.epss().isPresent()) {
            List<String> problems = new java.util.ArrayList<>();
            URI u = s.epss().get();
            try (InputStream raw = get(u, Optional.empty());
                 InputStream in = u.getPath().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw, 1 << 16) : raw) {
                long n = db.exploitSignals().importEpss(in, "EPSS " + u, problems);
                progress.accept("epss " + u + ": " + n + " scores");
            }
            problems.stream().limit(20).forEach(p -> progress.accept("  problem: " + p));
            db.putSourceState("epss", s.now().toString(), "", db.exploitSignals().summary().epssScoreDate().orElse(""));
        }
        db.refreshSnapshot(s.now());
        return total;
    }

    private void updateNvd(VulnDatabase db, Settings s, FeedImporter.Result total, Consumer<String> progress)
            throws IOException, InterruptedException {
        // Cursor: "done <end>" after a complete update, or "<windowStart>|<windowEnd>|<startIndex>" while one runs
        // ("-" for an unbounded first download).
        Optional<String> cursor = db.cursor(NVD_SOURCE);
        String windowStart;
        String windowEnd;
        long startIndex = 0;
        LocalDateTime now = LocalDateTime.ofInstant(s.now(), ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        if (cursor.isPresent() && !cursor.get().startsWith("done ")) {
            String[] p = cursor.get().split("\\|");
            windowStart = p[0];
            windowEnd = p[1];
            startIndex = Long.parseLong(p[2]);
            progress.accept("nvd: resuming at record " + startIndex);
        } else if (cursor.isPresent()) {
            windowStart = cursor.get().substring(5);
            windowEnd = NVD_DATE.format(min(now, LocalDateTime.parse(windowStart, NVD_DATE).plusDays(MAX_WINDOW_DAYS)));
        } else {
            windowStart = "-";
            windowEnd = NVD_DATE.format(now);
        }
        while (true) {
            long totalResults = Long.MAX_VALUE;
            int pages = 0;
            while (startIndex < totalResults && pages++ < MAX_PAGES) {
                StringBuilder q = new StringBuilder("?resultsPerPage=").append(s.pageSize())
                        .append("&startIndex=").append(startIndex);
                if (!windowStart.equals("-")) {
                    q.append("&lastModStartDate=").append(enc(windowStart)).append("&lastModEndDate=")
                            .append(enc(windowEnd));
                }
                URI page = URI.create(s.nvd().get().toString() + q);
                FeedImporter.Result r = new FeedImporter.Result();
                try (VulnDatabase.Writer w = db.writer(); InputStream in = get(page, s.apiKey())) {
                    importer.importStream(in, "nvd-page.json", w, r);
                }
                total.add(r);
                if (r.totalResults() < 0) {
                    throw new IOException("NVD answer without totalResults: not an NVD CVE API 2.0 page");
                }
                totalResults = r.totalResults();
                startIndex += Math.max(1, r.records() + r.problems());
                db.putSourceState(NVD_SOURCE, s.now().toString(), windowStart + "|" + windowEnd + "|" + startIndex,
                        "in progress");
                progress.accept(bar("nvd", Math.min(startIndex, totalResults), totalResults));
                if (r.records() + r.problems() == 0) {
                    break;
                }
                if (!s.delay().isZero()) {
                    Thread.sleep(s.delay().toMillis());
                }
            }
            db.putSourceState(NVD_SOURCE, s.now().toString(), "done " + windowEnd, "complete");
            LocalDateTime end = LocalDateTime.parse(windowEnd, NVD_DATE);
            if (!end.isBefore(now)) {
                return;
            }
            windowStart = windowEnd;
            windowEnd = NVD_DATE.format(min(now, end.plusDays(MAX_WINDOW_DAYS)));
            startIndex = 0;
        }
    }

    private static LocalDateTime min(LocalDateTime a, LocalDateTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String bar(String what, long done, long total) {
        int width = 30;
        int filled = total <= 0 ? width : (int) (width * done / Math.max(1, total));
        return what + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + done + "/" + total;
    }

    private InputStream get(URI uri, Optional<String> apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET();
        apiKey.ifPresent(k -> b.header("apiKey", k));
        HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new IOException("HTTP " + resp.statusCode() + " from " + uri.getHost() + uri.getPath());
        }
        return resp.body();
    }
}
