package dev.medsec.checks.sensitive;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.ViewKey;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Table and column names of a SQLite database, read through sqlite-jdbc opened read-only and immutable
 * ({@code file:...?immutable=1}): SQLite neither writes nor creates journal files, so the scanned image is
 * never modified. Row values are never read.
 */
public final class SqliteSchema {
    public static final ViewKey<SqliteSchema> VIEW = ViewKey.of("sqlite-schema", SqliteSchema::read);
    static final int MAX_TABLES = 2000;

    private final Map<String, List<String>> columns;

    private SqliteSchema(Map<String, List<String>> columns) {
        this.columns = columns;
    }

    /** Table name to column names, in schema order. */
    public Map<String, List<String>> tables() {
        return columns;
    }

    static SqliteSchema read(Artifact a) throws IOException {
        Path file = a.contentFile().orElseThrow(() -> new IOException("no content"));
        return read(file);
    }

    static SqliteSchema read(Path file) throws IOException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        String url = "jdbc:sqlite:file:" + file.toAbsolutePath().toUri().getRawPath() + "?immutable=1&mode=ro";
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = config.createConnection(url);
             Statement s = c.createStatement()) {
            s.setQueryTimeout(10);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")) {
                while (rs.next() && names.size() < MAX_TABLES) {
                    names.add(rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
                for (String t : names) {
                    ps.setString(1, t);
                    List<String> cols = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            cols.add(rs.getString(1));
                        }
                    } catch (SQLException e) {
                        // a virtual table whose module is missing: its columns are unknown, skip it
                        continue;
                    }
                    out.put(t, List.copyOf(cols));
                }
            }
        } catch (SQLException e) {
            throw new IOException("SQLite schema not readable: " + e.getMessage(), e);
        }
        return new SqliteSchema(java.util.Collections.unmodifiableMap(out));
    }
}
