package dev.medsec.vuln.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The offline vulnerability database: one SQLite file (by default {@code ~/.medsec/medsec.db}). Advisories are
 * keyed by id; an import replaces a stored advisory only when the incoming one is newer, so imports are
 * idempotent. Two small indexes lead a component to its candidate advisories: (vendor, product) from NVD CPE
 * configurations and (ecosystem, name) from OSV affected packages. Every statement is prepared.
 *
 * <p>The snapshot id is a SHA-256 over every (id, modified) pair in id order: two databases with the same
 * snapshot id give the same matches, so a report that carries it can be reproduced.
 */
public final class VulnDatabase implements AutoCloseable {
    /** System property naming the database file; tests point it at a temporary directory. */
    public static final String LOCATION_PROPERTY = "medsec.db";
    /** Environment variable naming the database file when the property is not set. */
    public static final String LOCATION_ENV = "MEDSEC_DB";
    private static final int SCHEMA_VERSION = 3;
    /** Schema 2 (before the exploitation signals) is read as it is and migrated when opened for writing. */
    private static final int OLDEST_READABLE = 2;
    /** {@code --db none}: scan without matching known vulnerabilities (said in the report and on the console). */
    public static final String NONE = "none";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection conn;
    private final Path file;

    private VulnDatabase(Connection conn, Path file) {
        this.conn = conn;
        this.file = file;
    }

    /** The database location: {@code explicit} if given, else the property, the environment, then the default. */
    public static Path location(Optional<String> explicit) {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            return Path.of(explicit.get());
        }
        String prop = System.getProperty(LOCATION_PROPERTY);
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv(LOCATION_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".medsec", "medsec.db");
    }

    /** Opens for writing, creating the file and schema when absent. */
    public static VulnDatabase openForWrite(Path file) throws VulnDatabaseException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new VulnDatabaseException("cannot create the database directory: " + e.getMessage(), e);
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
        cfg.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        cfg.setBusyTimeout(10_000);
        VulnDatabase db = connect(file, cfg);
        db.createSchema();
        return db;
    }

    /** Opens an existing database read-only; empty when there is no file. */
    public static Optional<VulnDatabase> openExisting(Path file) throws VulnDatabaseException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setOpenMode(SQLiteOpenMode.READONLY);
        cfg.setBusyTimeout(10_000);
        // Matching reads many small index ranges: map the file and keep a larger page cache than the default 2 MB.
        cfg.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(512L * 1024 * 1024));
        cfg.setCacheSize(-65_536);
        VulnDatabase db = connect(file, cfg);
        db.requireSchema();
        return Optional.of(db);
    }

    private static VulnDatabase connect(Path file, SQLiteConfig cfg) throws VulnDatabaseException {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), cfg.toProperties());
            return new VulnDatabase(c, file);
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot open vulnerability database " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return conn;
    }

    private void createSchema() throws VulnDatabaseException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS vuln(id TEXT PRIMARY KEY, source TEXT NOT NULL, "
                    + "modified TEXT NOT NULL, published TEXT, status TEXT, summary TEXT, severity TEXT, score REAL, "
                    + "cwes TEXT, aliases TEXT, data TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS cpe_index(vendor TEXT NOT NULL, product TEXT NOT NULL, "
                    + "vuln_id TEXT NOT NULL, part TEXT NOT NULL, version TEXT NOT NULL, upd TEXT NOT NULL, "
                    + "start_incl TEXT, start_excl TEXT, end_incl TEXT, end_excl TEXT)");
            s.execute("CREATE INDEX IF NOT EXISTS cpe_index_vp ON cpe_index(vendor, product)");
            s.execute("CREATE INDEX IF NOT EXISTS cpe_index_id ON cpe_index(vuln_id)");
            s.execute("CREATE TABLE IF NOT EXISTS pkg_index(ecosystem TEXT NOT NULL, name TEXT NOT NULL, "
                    + "vuln_id TEXT NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS pkg_index_en ON pkg_index(ecosystem, name)");
            s.execute("CREATE INDEX IF NOT EXISTS pkg_index_id ON pkg_index(vuln_id)");
            s.execute("CREATE TABLE IF NOT EXISTS source_state(source TEXT PRIMARY KEY, last_update TEXT, "
                    + "cursor TEXT, detail TEXT)");
            ExploitSignals.createTables(s);
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot create the database schema: " + e.getMessage(), e);
        }
        Optional<String> v = meta("schemaVersion");
        if (v.isEmpty()) {
            putMeta("schemaVersion", Integer.toString(SCHEMA_VERSION));
        } else if (v.get().equals("2")) {
            // 2 -> 3: the KEV and EPSS tables, created above; the advisories stay as they are
            putMeta("schemaVersion", Integer.toString(SCHEMA_VERSION));
        }
        requireSchema();
    }

    private void requireSchema() throws VulnDatabaseException {
        Optional<String> v;
        try {
            v = meta("schemaVersion");
        } catch (VulnDatabaseException e) {
            throw new VulnDatabaseException("not a medsec vulnerability database: " + file.getFileName(), e);
        }
        int version;
        try {
            version = Integer.parseInt(v.orElse("0"));
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version > SCHEMA_VERSION) {
            throw new VulnDatabaseException("vulnerability database schema " + version + " in " + file.getFileName()
                    + " is newer than this medsec reads (" + SCHEMA_VERSION + "); update medsec");
        }
        if (version < OLDEST_READABLE) {
            throw new VulnDatabaseException("unsupported vulnerability database schema " + v.orElse("(none)")
                    + " in " + file.getFileName() + "; re-create it with 'medsec db import'");
        }
    }

    public Optional<String> meta(String key) throws VulnDatabaseException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot read database metadata: " + e.getMessage(), e);
        }
    }

    public void putMeta(String key, String value) throws VulnDatabaseException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot write database metadata: " + e.getMessage(), e);
        }
    }

    /** KEV and EPSS stored with the advisories. */
    public ExploitSignals exploitSignals() {
        return new ExploitSignals(this, conn);
    }

    /** Starts a batched writer; close it to commit the last batch. */
    public Writer writer() throws VulnDatabaseException {
        return new Writer(conn);
    }

    /** Candidate advisories naming (vendor, product) as vulnerable in their CPE configurations. */
    public List<StoredVuln> byProduct(String vendor, String product) throws VulnDatabaseException {
        return query("SELECT DISTINCT v.id, v.source, v.modified, v.severity, v.score, v.cwes, v.aliases, v.summary, "
                + "v.data, v.published FROM cpe_index i JOIN vuln v ON v.id = i.vuln_id WHERE i.vendor = ? AND i.product = ?",
                vendor, product);
    }

    /** The vulnerable entries indexed for (vendor, product), without loading the advisories. */
    public List<CpeIndexEntry> indexEntries(String vendor, String product) throws VulnDatabaseException {
        List<CpeIndexEntry> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT vuln_id, part, version, upd, start_incl, "
                + "start_excl, end_incl, end_excl FROM cpe_index WHERE vendor = ? AND product = ?")) {
            ps.setString(1, vendor);
            ps.setString(2, product);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new CpeIndexEntry(rs.getString(1), rs.getString(2), vendor, product, rs.getString(3),
                            rs.getString(4), Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)),
                            Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8))));
                }
            }
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot query the vulnerability database: " + e.getMessage(), e);
        }
        return out;
    }

    /** One advisory by id. */
    public Optional<StoredVuln> byId(String id) throws VulnDatabaseException {
        List<StoredVuln> r = query("SELECT v.id, v.source, v.modified, v.severity, v.score, v.cwes, v.aliases, "
                + "v.summary, v.data, v.published FROM vuln v WHERE v.id = ?", id);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** Candidate advisories for a package of an ecosystem family ("maven", "npm", "debian"...), lower-case. */
    public List<StoredVuln> byPackage(String ecosystemFamily, String name) throws VulnDatabaseException {
        return query("SELECT v.id, v.source, v.modified, v.severity, v.score, v.cwes, v.aliases, v.summary, v.data, v.published "
                + "FROM pkg_index i JOIN vuln v ON v.id = i.vuln_id WHERE i.ecosystem = ? AND i.name = ?",
                ecosystemFamily, name);
    }

    private List<StoredVuln> query(String sql, String... params) throws VulnDatabaseException {
        List<StoredVuln> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double score = rs.getDouble(5);
                    Optional<Double> sc = rs.wasNull() ? Optional.empty() : Optional.of(score);
                    JsonNode data = JSON.readTree(rs.getString(9));
                    out.add(new StoredVuln(rs.getString(1), rs.getString(2), rs.getString(3),
                            Optional.ofNullable(rs.getString(4)), sc, split(rs.getString(6)), split(rs.getString(7)),
                            Optional.ofNullable(rs.getString(8)).orElse(""), data,
                            Optional.ofNullable(rs.getString(10))));
                }
            }
        } catch (SQLException | java.io.IOException e) {
            throw new VulnDatabaseException("cannot query the vulnerability database: " + e.getMessage(), e);
        }
        return out;
    }

    private static List<String> split(String s) {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(s.split(","));
    }

    /** Recomputes and stores the snapshot id and the time of this change; returns the id. */
    public String refreshSnapshot(Instant now) throws VulnDatabaseException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, modified FROM vuln ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    md.update((rs.getString(1) + '\t' + rs.getString(2) + '\n').getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot compute the snapshot id: " + e.getMessage(), e);
        }
        // KEV and EPSS change what a match reports (knownExploited, epss, severity): they are part of the snapshot
        ExploitSignals.Summary signals = exploitSignals().summary();
        if (signals.kevEntries() > 0 || signals.epssScores() > 0) {
            md.update(("kev\t" + signals.kevCatalogVersion().orElse("") + '\t' + signals.kevEntries() + "\nepss\t"
                    + signals.epssScoreDate().orElse("") + '\t' + signals.epssScores() + '\n').getBytes(StandardCharsets.UTF_8));
        }
        String id = "sha256:" + HexFormat.of().formatHex(md.digest());
        putMeta("snapshot", id);
        putMeta("lastUpdate", now.toString());
        return id;
    }

    /** What {@code medsec db status} shows and what a report stamps. */
    public record Status(String snapshot, long records, Map<String, Long> recordsBySource,
                         Optional<String> lastUpdate, Map<String, String> sourceUpdates) {
    }

    public Status status() throws VulnDatabaseException {
        Map<String, Long> bySource = new LinkedHashMap<>();
        long total = 0;
        Map<String, String> updates = new LinkedHashMap<>();
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT source, COUNT(*) FROM vuln GROUP BY source ORDER BY source");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                bySource.put(rs.getString(1), rs.getLong(2));
                total += rs.getLong(2);
            }
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot count records: " + e.getMessage(), e);
        }
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT source, last_update FROM source_state ORDER BY source");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                updates.put(rs.getString(1), Optional.ofNullable(rs.getString(2)).orElse(""));
            }
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot read source state: " + e.getMessage(), e);
        }
        return new Status(meta("snapshot").orElse("empty"), total, bySource, meta("lastUpdate"), updates);
    }

    /** Per-source cursor for incremental and resumable downloads. */
    public Optional<String> cursor(String source) throws VulnDatabaseException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT cursor FROM source_state WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot read source state: " + e.getMessage(), e);
        }
    }

    public void putSourceState(String source, String lastUpdate, String cursor, String detail)
            throws VulnDatabaseException {
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO source_state(source, last_update, cursor, detail) VALUES(?, ?, ?, ?) "
                        + "ON CONFLICT(source) DO UPDATE SET last_update = excluded.last_update, "
                        + "cursor = excluded.cursor, detail = excluded.detail")) {
            ps.setString(1, source);
            ps.setString(2, lastUpdate);
            ps.setString(3, cursor);
            ps.setString(4, detail);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot write source state: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws VulnDatabaseException {
        try {
            conn.close();
        } catch (SQLException e) {
            throw new VulnDatabaseException("cannot close the database: " + e.getMessage(), e);
        }
    }

    /** Outcome of storing one record. */
    public enum Upsert { INSERTED, UPDATED, UNCHANGED }

    /** Batched upserts in transactions of {@value #BATCH} records. */
    public static final class Writer implements AutoCloseable, RecordSink {
        private static final int BATCH = 5000;
        private final Connection conn;
        private final PreparedStatement selectModified;
        private final PreparedStatement upsertVuln;
        private final PreparedStatement deleteCpe;
        private final PreparedStatement deletePkg;
        private final PreparedStatement insertCpe;
        private final PreparedStatement insertPkg;
        private int pending;

        private Writer(Connection conn) throws VulnDatabaseException {
            this.conn = conn;
            try {
                conn.setAutoCommit(false);
                selectModified = conn.prepareStatement("SELECT modified FROM vuln WHERE id = ?");
                upsertVuln = conn.prepareStatement("INSERT OR REPLACE INTO vuln(id, source, modified, published, "
                        + "status, summary, severity, score, cwes, aliases, data) VALUES(?,?,?,?,?,?,?,?,?,?,?)");
                deleteCpe = conn.prepareStatement("DELETE FROM cpe_index WHERE vuln_id = ?");
                deletePkg = conn.prepareStatement("DELETE FROM pkg_index WHERE vuln_id = ?");
                insertCpe = conn.prepareStatement("INSERT INTO cpe_index(vendor, product, vuln_id, part, version, "
                        + "upd, start_incl, start_excl, end_incl, end_excl) VALUES(?,?,?,?,?,?,?,?,?,?)");
                insertPkg = conn.prepareStatement("INSERT INTO pkg_index(ecosystem, name, vuln_id) VALUES(?,?,?)");
            } catch (SQLException e) {
                throw new VulnDatabaseException("cannot prepare the import: " + e.getMessage(), e);
            }
        }

        /** Stores {@code r} unless an equal or newer version of it is already stored. */
        @Override
        public Upsert put(VulnRecord r) throws VulnDatabaseException {
            try {
                selectModified.setString(1, r.id());
                boolean exists;
                try (ResultSet rs = selectModified.executeQuery()) {
                    exists = rs.next();
                    if (exists && rs.getString(1).compareTo(r.modified()) >= 0) {
                        return Upsert.UNCHANGED;
                    }
                }
                if (exists) {
                    deleteCpe.setString(1, r.id());
                    deleteCpe.executeUpdate();
                    deletePkg.setString(1, r.id());
                    deletePkg.executeUpdate();
                }
                upsertVuln.setString(1, r.id());
                upsertVuln.setString(2, r.source());
                upsertVuln.setString(3, r.modified());
                upsertVuln.setString(4, r.published().orElse(null));
                upsertVuln.setString(5, r.status());
                upsertVuln.setString(6, r.summary());
                upsertVuln.setString(7, r.severity().orElse(null));
                if (r.score().isPresent()) {
                    upsertVuln.setDouble(8, r.score().get());
                } else {
                    upsertVuln.setNull(8, java.sql.Types.REAL);
                }
                upsertVuln.setString(9, String.join(",", r.cwes()));
                upsertVuln.setString(10, String.join(",", r.aliases()));
                upsertVuln.setString(11, r.data());
                upsertVuln.executeUpdate();
                for (CpeIndexEntry e : r.products()) {
                    insertCpe.setString(1, e.vendor());
                    insertCpe.setString(2, e.product());
                    insertCpe.setString(3, r.id());
                    insertCpe.setString(4, e.part());
                    insertCpe.setString(5, e.version());
                    insertCpe.setString(6, e.update());
                    insertCpe.setString(7, e.startIncluding().orElse(null));
                    insertCpe.setString(8, e.startExcluding().orElse(null));
                    insertCpe.setString(9, e.endIncluding().orElse(null));
                    insertCpe.setString(10, e.endExcluding().orElse(null));
                    insertCpe.addBatch();
                }
                insertCpe.executeBatch();
                for (List<String> en : r.packages()) {
                    insertPkg.setString(1, en.get(0));
                    insertPkg.setString(2, en.get(1));
                    insertPkg.setString(3, r.id());
                    insertPkg.addBatch();
                }
                insertPkg.executeBatch();
                if (++pending >= BATCH) {
                    conn.commit();
                    pending = 0;
                }
                return exists ? Upsert.UPDATED : Upsert.INSERTED;
            } catch (SQLException e) {
                throw new VulnDatabaseException("cannot store " + r.id() + ": " + e.getMessage(), e);
            }
        }

        /** Commits the records stored so far (before another import shares the connection). */
        public void flush() throws VulnDatabaseException {
            try {
                conn.commit();
                pending = 0;
            } catch (SQLException e) {
                throw new VulnDatabaseException("cannot commit the import: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws VulnDatabaseException {
            try {
                conn.commit();
                for (PreparedStatement p : List.of(selectModified, upsertVuln, deleteCpe, deletePkg, insertCpe,
                        insertPkg)) {
                    p.close();
                }
                conn.setAutoCommit(true);
            } catch (SQLException e) {
                throw new VulnDatabaseException("cannot commit the import: " + e.getMessage(), e);
            }
        }
    }
}
