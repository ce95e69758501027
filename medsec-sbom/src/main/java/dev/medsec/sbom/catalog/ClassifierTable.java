package dev.medsec.sbom.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The binary classifier table ({@code binary-classifiers.json}): one row per component, shaped like Syft's
 * binary classifiers — a file-name pattern that selects candidate files cheaply, an evidence pattern with a
 * named group {@code version} that must match inside the file's bytes, and the purl/CPE/vendor to report.
 */
public final class ClassifierTable {
    private static final String RESOURCE = "binary-classifiers.json";
    private static volatile ClassifierTable builtIn;

    /**
     * One row.
     *
     * @param files       regular expression over the file name (not the path)
     * @param evidence    regular expression over the bytes read as ISO-8859-1, with a group "version"
     * @param requireElf  only ELF files count (keeps changelogs, docs and scripts out)
     * @param cpe         CPE 2.3 template, "{version}" and "{update}" are substituted
     * @param splitUpdate a regex with groups "version" and "update" splitting the evidence version for the CPE
     *                    (OpenSSH "9.3p1" is CPE version 9.3, update p1)
     * @param packages    package names (opkg) that are this component
     * @param marker      a second pattern that must also occur in the file (for version strings that are
     *                    bare numbers, it proves which program the file is)
     * @param versionFormat how to read the evidence version ("" as is; "libxml-number")
     */
    public record Row(String name, Pattern files, Pattern evidence, boolean requireElf, String purl, String cpe,
                      String vendor, Optional<Pattern> splitUpdate, List<String> packages,
                      Optional<Pattern> marker, String versionFormat) {
        /** The version as released, from the evidence text (libxml2 stores 2.9.14 as the number 20914). */
        public String normalizeVersion(String evidence) {
            if (versionFormat.equals("libxml-number") && evidence.matches("\\d{5,6}")) {
                int n = Integer.parseInt(evidence);
                return (n / 10000) + "." + (n / 100 % 100) + "." + (n % 100);
            }
            return evidence;
        }

        public Optional<String> cpeFor(String version) {
            if (cpe.isEmpty()) {
                return Optional.empty();
            }
            String v = version;
            String u = "*";
            if (splitUpdate.isPresent()) {
                var m = splitUpdate.get().matcher(version);
                if (m.matches()) {
                    v = m.group("version");
                    u = m.group("update") == null || m.group("update").isEmpty() ? "*" : m.group("update");
                }
            }
            return Optional.of(cpe.replace("{version}", v).replace("{update}", u));
        }

        public String purlFor(String version) {
            return purl.replace("{version}", version);
        }
    }

    private final List<Row> rows;

    private ClassifierTable(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Row> rows() {
        return rows;
    }

    public static ClassifierTable builtIn() {
        ClassifierTable t = builtIn;
        if (t == null) {
            try (InputStream in = ClassifierTable.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " missing from the class path");
                }
                t = parse(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = t;
        }
        return t;
    }

    static ClassifierTable parse(InputStream in) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        List<Row> rows = new ArrayList<>();
        for (JsonNode r : root.path("classifiers")) {
            List<String> pkgs = new ArrayList<>();
            r.path("packages").forEach(p -> pkgs.add(p.asText()));
            String split = r.path("splitUpdate").asText("");
            rows.add(new Row(r.path("name").asText(), Pattern.compile(r.path("files").asText()),
                    Pattern.compile(r.path("evidence").asText(), Pattern.DOTALL),
                    r.path("requireElf").asBoolean(true), r.path("purl").asText(), r.path("cpe").asText(""),
                    r.path("vendor").asText(""),
                    split.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(split)), pkgs,
                    r.path("marker").asText("").isEmpty() ? Optional.empty()
                            : Optional.of(Pattern.compile(r.path("marker").asText())),
                    r.path("versionFormat").asText("")));
        }
        return new ClassifierTable(rows);
    }

    /** The CPE of a package known by name (opkg builds of upstream sources). */
    public Optional<String> cpeForPackage(String packageName, String upstreamVersion) {
        for (Row r : rows) {
            if (r.packages().contains(packageName)) {
                return r.cpeFor(upstreamVersion);
            }
        }
        return Optional.empty();
    }
}
