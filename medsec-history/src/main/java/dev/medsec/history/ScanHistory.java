package dev.medsec.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The scan history of a team's released firmware: for each product and version, the report it was released
 * with (as report.json), its findings (id, check, principle, severity, path, origin) and when it was recorded.
 * One SQLite file by default ({@code ~/.medsec/history.db}); a {@code jdbc:postgresql://} URL for a server a team
 * shares. The SQL is the subset both speak: no generated keys, text and integer columns, {@code (product,
 * version)} as the key. Recording a version again replaces it in one transaction; two CI jobs recording at once
 * each keep their record (SQLite waits on its lock, PostgreSQL serialises the transactions; a lost race on the
 * same version is retried).
 *
 * <p>The schema carries its version in {@code history_meta}; a store of an older version is migrated forward when
 * opened, never recreated, and one of a newer version is refused.
 */
public final class ScanHistory implements AutoCloseable {
    public static final int SCHEMA_VERSION = 1;
    /** Environment variable naming the store when --history-db is not given. */
    public static final String LOCATION_ENV = "MEDSEC_HISTORY_DB";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+~:-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RETRIES = 5;

    private final Connection conn;
    private final String where;

    private ScanHistory(Connection conn, String where) {
        this.conn = conn;
        this.where = where;
    }

    /** A product and version, "NAME@VERSION" on the command line. */
    public record Release(String product, String version) {
        public static Release parse(String text) {
            int at = text.lastIndexOf('@');
            if (at <= 0 || at == text.length() - 1) {
                throw new IllegalArgumentException("expected NAME@VERSION, got '" + text + "'");
            }
            String p = text.substring(0, at);
            String v = text.substring(at + 1);
            if (!NAME.matcher(p).matches()) {
                throw new IllegalArgumentException("product name '" + p + "': letters, digits and . _ + - only");
            }
            if (!VERSION.matcher(v).matches()) {
                throw new IllegalArgumentException("version '" + v + "': letters, digits and . _ + ~ : - only");
            }
            return new Release(p, v);
        }

        @Override
        public String toString() {
            return product + "@" + version;
        }
    }

    /** One recorded release: when, what target, and its active findings counted per principle and severity. */
    public record Entry(Release release, String recordedAt, String targetSha256, boolean gatePassed, int findings,
                        Map<Integer, Map<String, Integer>> counts) {
    }

    /** The store's location: {@code explicit}, else the environment, else {@code ~/.medsec/history.db}. */
    public static String location(Optional<String> explicit) {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            return explicit.get();
        }
        String env = System.getenv(LOCATION_ENV);
        if (env != null && !env.isBlank()) {
            return env;
        }
        return Path.of(System.getProperty("user.home"), ".medsec", "history.db").toString();
    }

    public static boolean isServer(String location) {
        return location.startsWith("jdbc:postgresql:");
    }

    /** Opens (creating or migrating the schema) a SQLite file or a PostgreSQL URL. */
    public static ScanHistory open(String location) throws HistoryException {
        Connection c;
        try {
            if (isServer(location)) {
                Properties props = new Properties();
                // user and password from the URL's query, or from the environment (never from the command line)
                if (!location.contains("user=") && System.getenv("PGUSER") != null) {
                    props.setProperty("user", System.getenv("PGUSER"));
                }
                if (!location.contains("password=") && System.getenv("PGPASSWORD") != null) {
                    props.setProperty("password", System.getenv("PGPASSWORD"));
                }
                props.setProperty("connectTimeout", "10");
                c = DriverManager.getConnection(location, props);
            } else if (location.startsWith("jdbc:")) {
                throw new HistoryException("history store " + location.replaceAll("password=[^&]*", "password=***")
                        + ": only a SQLite file or a jdbc:postgresql:// URL");
            } else {
                Path file = Path.of(location);
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
                cfg.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
                cfg.setBusyTimeout(30_000);
                c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
            }
        } catch (SQLException | java.io.IOException e) {
            throw new HistoryException("cannot open the history store " + redact(location) + ": " + e.getMessage(), e);
        }
        ScanHistory h = new ScanHistory(c, redact(location));
        h.schema();
        return h;
    }

    private static String redact(String location) {
        return location.replaceAll("password=[^&]*", "password=***");
    }

    private void schema() throws HistoryException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS history_meta(meta_key VARCHAR(64) PRIMARY KEY, meta_value VARCHAR(256) NOT NULL)");
            Optional<String> v = meta(s);
            int version = v.map(Integer::parseInt).orElse(0);
            if (version > SCHEMA_VERSION) {
                throw new HistoryException("history store " + where + " has schema " + version
                        + ", newer than this medsec writes (" + SCHEMA_VERSION + "); update medsec");
            }
            if (version < 1) {
                s.execute("CREATE TABLE IF NOT EXISTS release_scan(product VARCHAR(128) NOT NULL, version VARCHAR(128) NOT NULL, "
                        + "recorded_at VARCHAR(40) NOT NULL, target_sha256 VARCHAR(80), gate_passed INTEGER NOT NULL, "
                        + "report TEXT NOT NULL, PRIMARY KEY(product, version))");
                s.execute("CREATE TABLE IF NOT EXISTS release_finding(product VARCHAR(128) NOT NULL, version VARCHAR(128) NOT NULL, "
                        + "finding_id VARCHAR(80) NOT NULL, check_id VARCHAR(128) NOT NULL, principle INTEGER NOT NULL, "
                        + "severity VARCHAR(16) NOT NULL, path TEXT NOT NULL, origin VARCHAR(16) NOT NULL, "
                        + "PRIMARY KEY(product, version, finding_id))");
                if (v.isEmpty()) {
                    s.execute("INSERT INTO history_meta(meta_key, meta_value) VALUES('schemaVersion', '" + SCHEMA_VERSION + "')");
                } else {
                    s.execute("UPDATE history_meta SET meta_value = '" + SCHEMA_VERSION + "' WHERE meta_key = 'schemaVersion'");
                }
            }
            // later versions migrate here, one step at a time: if (version < 2) { ALTER TABLE ... }
        } catch (SQLException | NumberFormatException e) {
            throw new HistoryException("cannot prepare the history store " + where + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> meta(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT meta_value FROM history_meta WHERE meta_key = 'schemaVersion'")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Records {@code report} (a report.json tree) as {@code release}, replacing an earlier record of it. */
    public void record(Release release, JsonNode report, String recordedAt) throws HistoryException {
        String text;
        try {
            text = JSON.writeValueAsString(report);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HistoryException("cannot serialise the report: " + e.getOriginalMessage(), e);
        }
        SQLException last = null;
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            try {
                conn.setAutoCommit(false);
                try {
                    write(release, report, text, recordedAt);
                    conn.commit();
                    return;
                } catch (SQLException e) {
                    conn.rollback();
                    throw e;
                } finally {
                    conn.setAutoCommit(true);
                }
            } catch (SQLException e) {
                // another job recorded the same release between our delete and insert, or held the lock: retry
                last = e;
                try {
                    Thread.sleep(50L << attempt);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new HistoryException("cannot record " + release + " in " + where + ": "
                + (last == null ? "interrupted" : last.getMessage()), last);
    }

    private void write(Release release, JsonNode report, String text, String recordedAt) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM release_finding WHERE product = ? AND version = ?");
             PreparedStatement delScan = conn.prepareStatement("DELETE FROM release_scan WHERE product = ? AND version = ?");
             PreparedStatement ins = conn.prepareStatement("INSERT INTO release_scan(product, version, recorded_at, "
                     + "target_sha256, gate_passed, report) VALUES(?,?,?,?,?,?)");
             PreparedStatement insF = conn.prepareStatement("INSERT INTO release_finding(product, version, finding_id, "
                     + "check_id, principle, severity, path, origin) VALUES(?,?,?,?,?,?,?,?)")) {
            for (PreparedStatement p : List.of(del, delScan)) {
                p.setString(1, release.product());
                p.setString(2, release.version());
                p.executeUpdate();
            }
            ins.setString(1, release.product());
            ins.setString(2, release.version());
            ins.setString(3, recordedAt);
            ins.setString(4, report.path("target").path("sha256").asText(""));
            ins.setInt(5, report.path("gate").path("passed").asBoolean(true) ? 1 : 0);
            ins.setString(6, text);
            ins.executeUpdate();
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (JsonNode f : report.path("findings")) {
                String id = f.path("id").asText("");
                if (id.isEmpty() || f.path("waived").asBoolean(false) || !seen.add(id)) {
                    continue;
                }
                insF.setString(1, release.product());
                insF.setString(2, release.version());
                insF.setString(3, id);
                insF.setString(4, f.path("check").asText(""));
                insF.setInt(5, f.path("principle").asInt(0));
                insF.setString(6, f.path("severity").asText(""));
                insF.setString(7, f.path("path").asText(""));
                insF.setString(8, f.path("origin").path("kind").asText("unknown"));
                insF.addBatch();
            }
            insF.executeBatch();
        }
    }

    /** The recorded report of a release. */
    public Optional<JsonNode> report(Release release) throws HistoryException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT report FROM release_scan WHERE product = ? AND version = ?")) {
            ps.setString(1, release.product());
            ps.setString(2, release.version());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(JSON.readTree(rs.getString(1))) : Optional.empty();
            }
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new HistoryException("cannot read " + release + " from " + where + ": " + e.getMessage(), e);
        }
    }

    /** Recorded releases (of {@code product}, or all), oldest record first. */
    public List<Entry> list(Optional<String> product) throws HistoryException {
        Map<String, Entry> out = new LinkedHashMap<>();
        String sql = "SELECT product, version, recorded_at, target_sha256, gate_passed FROM release_scan"
                + (product.isPresent() ? " WHERE product = ?" : "") + " ORDER BY recorded_at, product, version";
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            if (product.isPresent()) {
                ps.setString(1, product.get());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Release r = new Release(rs.getString(1), rs.getString(2));
                    out.put(r.toString(), new Entry(r, rs.getString(3), rs.getString(4), rs.getInt(5) == 1, 0, new TreeMap<>()));
                }
            }
            String counts = "SELECT product, version, principle, severity, COUNT(*) FROM release_finding"
                    + (product.isPresent() ? " WHERE product = ?" : "") + " GROUP BY product, version, principle, severity";
            try (PreparedStatement cs = conn.prepareStatement(counts)) {
                if (product.isPresent()) {
                    cs.setString(1, product.get());
                }
                try (ResultSet rs = cs.executeQuery()) {
                    while (rs.next()) {
                        Entry e = out.get(rs.getString(1) + "@" + rs.getString(2));
                        if (e == null) {
                            continue;
                        }
                        int n = rs.getInt(5);
                        e.counts().computeIfAbsent(rs.getInt(3), k -> new LinkedHashMap<>()).merge(rs.getString(4), n, Integer::sum);
                        out.put(e.release().toString(), new Entry(e.release(), e.recordedAt(), e.targetSha256(), e.gatePassed(),
                                e.findings() + n, e.counts()));
                    }
                }
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot list the history in " + where + ": " + e.getMessage(), e);
        }
        return new ArrayList<>(out.values());
    }

    public String where() {
        return where;
    }

    @Override
    public void close() throws HistoryException {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new HistoryException("cannot close the history store: " + e.getMessage(), e);
        }
    }
}
