package dev.medsec.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history store on a SQLite file and on a real PostgreSQL server, with the same tests. */
class ScanHistoryTest {
    @TempDir
    static Path dir;
    static PostgresServer postgres;
    static int databases;

    @BeforeAll
    static void startPostgres() throws Exception {
        if (PostgresServer.binaries().isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("PostgreSQL server missing on CI: package postgresql in scripts/debian-packages.d/");
            }
            return;
        }
        postgres = PostgresServer.start(dir.resolve("pg"));
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A fresh store per test: a SQLite file, and a new database on the server. */
    static Stream<String> stores() throws Exception {
        List<String> out = new ArrayList<>();
        out.add("sqlite");
        out.add("postgresql");
        return out.stream();
    }

    private static String fresh(String kind) throws Exception {
        int n = ++databases;
        if (kind.equals("sqlite")) {
            return dir.resolve("h" + n + ".db").toString();
        }
        Assumptions.assumeTrue(postgres != null, "PostgreSQL server not installed: test skipped");
        try (var c = DriverManager.getConnection(postgres.url()); var s = c.createStatement()) {
            s.execute("CREATE DATABASE h" + n);
        }
        return postgres.url().replace("/postgres?", "/h" + n + "?");
    }

    static JsonNode report(String sha, boolean passed, String... findings) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode r = m.createObjectNode();
        r.put("schemaVersion", 1);
        r.putObject("target").put("sha256", sha);
        r.putObject("gate").put("passed", passed);
        var fs = r.putArray("findings");
        for (String f : findings) {
            String[] p = f.split(":");
            ObjectNode o = fs.addObject();
            o.put("id", p[0]);
            o.put("check", p[1]);
            o.put("principle", Integer.parseInt(p[2]));
            o.put("severity", p[3]);
            o.put("path", "/usr/bin/x");
            o.put("waived", p.length > 4);
            o.putObject("origin").put("kind", "first-party");
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void record_list_report_replace(String kind) throws Exception {
        String where = fresh(kind);
        try (ScanHistory h = ScanHistory.open(where)) {
            h.record(ScanHistory.Release.parse("pump-fw@1.2"), report("aa", false, "f1:hardening.pie:2:high",
                    "f2:hardening.relro:2:low", "f3:crypto.weak:7:high", "f4:crypto.weak:7:high:waived"), "2026-11-01T10:00:00Z");
            h.record(ScanHistory.Release.parse("pump-fw@1.3"), report("bb", true, "f2:hardening.relro:2:low"),
                    "2026-12-01T10:00:00Z");
            h.record(ScanHistory.Release.parse("monitor@0.9"), report("cc", true), "2026-12-02T10:00:00Z");
            List<ScanHistory.Entry> pump = h.list(Optional.of("pump-fw"));
            assertThat(pump).extracting(e -> e.release().toString()).containsExactly("pump-fw@1.2", "pump-fw@1.3");
            assertThat(pump.get(0).findings()).isEqualTo(3);
            assertThat(pump.get(0).counts()).isEqualTo(Map.of(2, Map.of("high", 1, "low", 1), 7, Map.of("high", 1)));
            assertThat(pump.get(0).gatePassed()).isFalse();
            assertThat(h.list(Optional.empty())).hasSize(3);
            assertThat(h.report(ScanHistory.Release.parse("pump-fw@1.3")).orElseThrow().path("target").path("sha256").asText())
                    .isEqualTo("bb");
            // a release candidate scanned again replaces its record
            h.record(ScanHistory.Release.parse("pump-fw@1.3"), report("bd", true), "2026-12-03T10:00:00Z");
            assertThat(h.list(Optional.of("pump-fw")).get(1).findings()).isZero();
            assertThat(h.report(ScanHistory.Release.parse("nope@1"))).isEmpty();
        }
        // reopened: the records are there (never recreated)
        try (ScanHistory h = ScanHistory.open(where)) {
            assertThat(h.list(Optional.empty())).hasSize(3);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void record_twoJobsAtOnce_noRecordLost(String kind) throws Exception {
        String where = fresh(kind);
        try (ScanHistory h = ScanHistory.open(where)) {
            assertThat(h.list(Optional.empty())).isEmpty();
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> jobs = new ArrayList<>();
        for (int job = 0; job < 2; job++) {
            int j = job;
            jobs.add(pool.submit(() -> {
                // each CI job has its own connection, like two processes
                try (ScanHistory h = ScanHistory.open(where)) {
                    for (int i = 0; i < 25; i++) {
                        h.record(ScanHistory.Release.parse("pump-fw@" + j + "." + i), report("s", true,
                                "a" + i + ":x:2:high", "b" + i + ":y:3:low"), "2026-12-0" + (1 + j) + "T00:00:" + (10 + i) + "Z");
                        // both jobs also record the same release candidate: one record of it remains
                        h.record(ScanHistory.Release.parse("pump-fw@rc"), report("s", true), "2026-12-05T00:00:00Z");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : jobs) {
            f.get();
        }
        pool.shutdown();
        try (ScanHistory h = ScanHistory.open(where)) {
            List<ScanHistory.Entry> all = h.list(Optional.of("pump-fw"));
            assertThat(all).hasSize(51);
            assertThat(all.stream().mapToInt(ScanHistory.Entry::findings).sum()).isEqualTo(100);
        }
    }

    @Test
    void open_newerSchemaRefused_badLocationsNamed() throws Exception {
        String where = fresh("sqlite");
        try (ScanHistory h = ScanHistory.open(where)) {
            h.record(ScanHistory.Release.parse("p@1"), report("x", true), "2026-12-01T00:00:00Z");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + where); var s = c.createStatement()) {
            s.execute("UPDATE history_meta SET meta_value = '7' WHERE meta_key = 'schemaVersion'");
        }
        assertThatThrownBy(() -> ScanHistory.open(where)).hasMessageContaining("schema 7, newer than this medsec writes");
        assertThatThrownBy(() -> ScanHistory.open("jdbc:mysql://db/x?password=secret"))
                .hasMessageContaining("only a SQLite file or a jdbc:postgresql:// URL").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> ScanHistory.open("jdbc:postgresql://127.0.0.1:1/x?user=u&password=hunter2"))
                .hasMessageContaining("password=***").hasMessageNotContaining("hunter2");
    }

    @Test
    void release_parse_rejectsWhatIsNotNameAtVersion() {
        assertThat(ScanHistory.Release.parse("pump-fw@1.2.3-rc1")).isEqualTo(new ScanHistory.Release("pump-fw", "1.2.3-rc1"));
        for (String bad : new String[] {"pump", "@1.0", "pump@", "pump fw@1", "p@1 2", "../x@1"}) {
            assertThatThrownBy(() -> ScanHistory.Release.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
