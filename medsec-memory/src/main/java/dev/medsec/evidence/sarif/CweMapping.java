package dev.medsec.evidence.sarif;

import dev.medsec.core.Principle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Which principle a CWE belongs to, from the data file {@code cwe-principles.properties} beside this class
 * ("CWE = principle number"; "default" for CWEs the table does not list). Kept as data so that it can be reviewed
 * and extended without touching code.
 */
public final class CweMapping {
    private static final String RESOURCE = "cwe-principles.properties";
    private static final CweMapping BUILT_IN = load();

    private final Map<Integer, Principle> table;
    private final Principle fallback;

    CweMapping(Map<Integer, Principle> table, Principle fallback) {
        this.table = Map.copyOf(table);
        this.fallback = fallback;
    }

    public static CweMapping builtIn() {
        return BUILT_IN;
    }

    /** The principle of the first listed CWE the table knows; the default when none is known. */
    public Principle principleOf(List<Integer> cwes) {
        for (int c : cwes) {
            Principle p = table.get(c);
            if (p != null) {
                return p;
            }
        }
        return fallback;
    }

    public boolean knows(int cwe) {
        return table.containsKey(cwe);
    }

    public Principle fallback() {
        return fallback;
    }

    /** The table, sorted by CWE (for docs and tests). */
    public Map<Integer, Principle> table() {
        return new TreeMap<>(table);
    }

    static CweMapping parse(Properties p) {
        Map<Integer, Principle> t = new TreeMap<>();
        Principle fallback = null;
        for (String key : p.stringPropertyNames()) {
            String value = p.getProperty(key).trim();
            Principle principle = Principle.ofNumber(Integer.parseInt(value));
            if (key.equals("default")) {
                fallback = principle;
            } else {
                t.put(Integer.parseInt(key.trim()), principle);
            }
        }
        if (fallback == null) {
            throw new IllegalStateException(RESOURCE + " has no 'default' entry");
        }
        return new CweMapping(t, fallback);
    }

    private static CweMapping load() {
        try (InputStream in = CweMapping.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return parse(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
