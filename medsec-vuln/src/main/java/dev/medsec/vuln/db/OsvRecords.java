package dev.medsec.vuln.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads one OSV record (schema 1.x: GHSA, DSA/DLA, ALPINE...) into a {@link VulnRecord}. */
public final class OsvRecords {
    private static final int MAX_SUMMARY = 1000;

    private OsvRecords() {
    }

    public static boolean looksLikeOsv(JsonNode node) {
        return node.isObject() && node.hasNonNull("id") && node.hasNonNull("modified")
                && (node.has("affected") || node.has("schema_version") || node.has("aliases"));
    }

    /** The lower-case ecosystem family used by the index: "Debian:12" → "debian". */
    public static String family(String ecosystem) {
        int colon = ecosystem.indexOf(':');
        return (colon >= 0 ? ecosystem.substring(0, colon) : ecosystem).toLowerCase(Locale.ROOT);
    }

    /** PyPI names compare after PEP 503 normalisation; other ecosystems compare as written. */
    public static String normalizeName(String family, String name) {
        if (family.equals("pypi")) {
            return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        }
        return name;
    }

    public static VulnRecord from(JsonNode osv) throws MalformedRecordException {
        String id = osv.path("id").asText("");
        if (id.isEmpty() || id.length() > 200) {
            throw new MalformedRecordException("OSV record without a usable id");
        }
        String modified = osv.path("modified").asText("");
        if (modified.isEmpty()) {
            throw new MalformedRecordException(id + ": no modified date");
        }
        String summary = osv.path("summary").asText(osv.path("details").asText(""));
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY) + "...";
        }
        List<String> aliases = new ArrayList<>();
        for (JsonNode a : osv.path("aliases")) {
            aliases.add(a.asText());
        }
        List<String> cwes = new ArrayList<>();
        for (JsonNode c : osv.path("database_specific").path("cwe_ids")) {
            cwes.add(c.asText());
        }
        Optional<String> severity = Optional.empty();
        String sev = osv.path("database_specific").path("severity").asText("");
        if (!sev.isEmpty()) {
            String s = sev.toUpperCase(Locale.ROOT);
            severity = Optional.of(s.equals("MODERATE") ? "MEDIUM" : s);
        }
        List<List<String>> packages = new ArrayList<>();
        for (JsonNode a : osv.path("affected")) {
            String eco = a.path("package").path("ecosystem").asText("");
            String name = a.path("package").path("name").asText("");
            if (eco.isEmpty() || name.isEmpty()) {
                continue;
            }
            String fam = family(eco);
            List<String> key = List.of(fam, normalizeName(fam, name));
            if (!packages.contains(key)) {
                packages.add(key);
            }
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.set("affected", osv.path("affected").isArray() ? osv.get("affected")
                : JsonNodeFactory.instance.arrayNode());
        if (osv.hasNonNull("withdrawn")) {
            data.put("withdrawn", osv.get("withdrawn").asText());
        }
        String published = osv.path("published").asText("");
        return new VulnRecord(id, "osv", modified, published.isEmpty() ? Optional.empty() : Optional.of(published),
                osv.hasNonNull("withdrawn") ? "Withdrawn" : "Published", summary, severity, Optional.empty(),
                cwes, aliases, data.toString(), List.of(), packages);
    }
}
