package dev.medsec.vuln.update;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.medsec.testkit.SharedData;
import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.VulnDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code db update} against a loopback server that serves the shared NVD and OSV records like the real APIs. */
class FeedUpdaterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    HttpServer server;
    final List<Map<String, String>> nvdRequests = new CopyOnWriteArrayList<>();
    final List<String> apiKeys = new CopyOnWriteArrayList<>();
    final AtomicInteger failOnRequest = new AtomicInteger(-1);
    List<JsonNode> cves;
    byte[] osvZip;

    @BeforeEach
    void serve() throws Exception {
        Path data = SharedData.require("vulndata");
        cves = new ArrayList<>();
        for (Path p : files(data.resolve("nvd"))) {
            cves.add(JSON.readTree(p.toFile()));
        }
        cves.sort(Comparator.comparing(n -> n.path("id").asText()));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            for (Path p : files(data.resolve("osv"))) {
                z.putNextEntry(new ZipEntry(p.getFileName().toString()));
                Files.copy(p, z);
                z.closeEntry();
            }
        }
        osvZip = zip.toByteArray();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/rest/json/cves/2.0", this::nvd);
        server.createContext("/Maven/all.zip", ex -> send(ex, 200, osvZip));
        server.createContext("/feeds/known_exploited_vulnerabilities.json", ex -> send(ex, 200,
                dev.medsec.checks.vuln.KnownExploitedTest.KEV.getBytes(StandardCharsets.UTF_8)));
        server.createContext("/epss_scores-current.csv.gz", ex -> {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (var o = new java.util.zip.GZIPOutputStream(gz)) {
                o.write(dev.medsec.checks.vuln.KnownExploitedTest.EPSS.getBytes(StandardCharsets.UTF_8));
            }
            send(ex, 200, gz.toByteArray());
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** The NVD CVE API 2.0 paging and lastModified window, over the shared records. */
    private void nvd(HttpExchange ex) throws IOException {
        Map<String, String> q = new TreeMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        nvdRequests.add(q);
        Optional.ofNullable(ex.getRequestHeaders().getFirst("apiKey")).ifPresent(apiKeys::add);
        if (nvdRequests.size() == failOnRequest.get()) {
            send(ex, 503, "busy".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        List<JsonNode> selected = cves.stream().filter(c -> !q.containsKey("lastModStartDate")
                || c.path("lastModified").asText().compareTo(q.get("lastModStartDate")) >= 0
                && c.path("lastModified").asText().compareTo(q.get("lastModEndDate")) <= 0).toList();
        int start = Integer.parseInt(q.getOrDefault("startIndex", "0"));
        int size = Integer.parseInt(q.getOrDefault("resultsPerPage", "2000"));
        ObjectNode root = JSON.createObjectNode();
        root.put("resultsPerPage", size);
        root.put("startIndex", start);
        root.put("totalResults", selected.size());
        root.put("format", "NVD_CVE");
        root.put("version", "2.0");
        ArrayNode v = root.putArray("vulnerabilities");
        for (int i = start; i < Math.min(selected.size(), start + size); i++) {
            v.addObject().set("cve", selected.get(i));
        }
        send(ex, 200, JSON.writeValueAsBytes(root));
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    private FeedUpdater.Settings settings(Instant now, boolean osv) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return new FeedUpdater.Settings(Optional.of(URI.create(base + "/rest/json/cves/2.0")), Optional.of("k-123"),
                osv ? List.of(URI.create(base + "/Maven/all.zip")) : List.of(), 5, Duration.ZERO, now);
    }

    @Test
    void update_firstRun_pagesThroughNvdAndImportsOsvZip() throws Exception {
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            List<String> progress = new ArrayList<>();
            FeedImporter.Result r = new FeedUpdater().update(db, settings(Instant.parse("2026-11-01T00:00:00Z"), true),
                    progress::add);
            assertThat(r.inserted()).isEqualTo(cves.size() + 9L);
            assertThat(nvdRequests).extracting(m -> m.get("startIndex")).containsExactly("0", "5", "10", "15");
            assertThat(nvdRequests.get(0)).doesNotContainKey("lastModStartDate");
            assertThat(apiKeys).hasSize(4).containsOnly("k-123");
            assertThat(progress).anyMatch(l -> l.contains("19/19"));
            assertThat(db.status().recordsBySource()).containsEntry("nvd", 19L).containsEntry("osv", 9L);
            assertThat(db.cursor("nvd-api")).contains("done 2026-11-01T00:00:00.000");
        }
    }

    @Test
    void update_interruptedPage_nextRunResumesAtSavedIndex() throws Exception {
        failOnRequest.set(3);
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            FeedUpdater u = new FeedUpdater();
            Instant now = Instant.parse("2026-11-01T00:00:00Z");
            assertThatThrownBy(() -> u.update(db, settings(now, false), s -> { })).isInstanceOf(IOException.class)
                    .hasMessageContaining("503");
            assertThat(db.status().records()).isEqualTo(10);
            nvdRequests.clear();
            failOnRequest.set(-1);
            FeedImporter.Result r = u.update(db, settings(now, false), s -> { });
            assertThat(nvdRequests.get(0).get("startIndex")).isEqualTo("10");
            assertThat(r.inserted()).isEqualTo(9);
            assertThat(db.status().records()).isEqualTo(19);
        }
    }

    @Test
    void update_afterCompleteRun_asksOnlyForChangesSinceLastUpdate() throws Exception {
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            FeedUpdater u = new FeedUpdater();
            u.update(db, settings(Instant.parse("2025-01-01T00:00:00Z"), false), s -> { });
            long before = db.status().records();
            nvdRequests.clear();
            FeedImporter.Result r = u.update(db, settings(Instant.parse("2026-11-01T00:00:00Z"), false), s -> { });
            assertThat(nvdRequests).isNotEmpty().allMatch(m -> m.containsKey("lastModStartDate"));
            assertThat(nvdRequests.get(0).get("lastModStartDate")).isEqualTo("2025-01-01T00:00:00.000");
            // windows of at most 120 days up to now
            assertThat(nvdRequests.stream().map(m -> m.get("lastModEndDate")).distinct().count()).isGreaterThan(1);
            // the served records are the early ones (first run: every record whatever its date)
            assertThat(before).isEqualTo(19);
            assertThat(r.inserted()).isZero();
        }
    }

    @Test
    void update_kevAndEpssUrls_downloadedAndImported_thenReplacedOnTheNextRun() throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        FeedUpdater.Settings s = new FeedUpdater.Settings(Optional.empty(), Optional.empty(), List.of(), 5, Duration.ZERO,
                Instant.parse("2026-12-01T00:00:00Z"), Optional.of(URI.create(base + "/feeds/known_exploited_vulnerabilities.json")),
                Optional.of(URI.create(base + "/epss_scores-current.csv.gz")));
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("k.db"))) {
            List<String> progress = new ArrayList<>();
            new FeedUpdater().update(db, s, progress::add);
            assertThat(progress).anyMatch(p -> p.endsWith(": 2 entries")).anyMatch(p -> p.endsWith(": 3 scores"));
            assertThat(db.exploitSignals().kev("CVE-2021-44228")).isPresent();
            assertThat(db.exploitSignals().epss("CVE-2022-3602").orElseThrow().score()).isEqualTo(0.91512);
            String snapshot = db.meta("snapshot").orElseThrow();
            new FeedUpdater().update(db, s, p -> { });
            assertThat(db.exploitSignals().summary().kevEntries()).isEqualTo(2);
            assertThat(db.meta("snapshot")).contains(snapshot);
        }
    }
}
