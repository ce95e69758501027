package dev.medsec.vuln.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.medsec.vuln.cpe.Configurations;
import dev.medsec.vuln.cpe.CpeMatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads one NVD CVE API 2.0 {@code cve} object into a {@link VulnRecord}. */
public final class NvdRecords {
    private static final int MAX_SUMMARY = 1000;

    private NvdRecords() {
    }

    /** True when {@code node} looks like an NVD cve object (not an OSV record). */
    public static boolean looksLikeNvd(JsonNode node) {
        return node.isObject() && node.path("id").asText("").startsWith("CVE-")
                && (node.has("vulnStatus") || node.has("sourceIdentifier") || node.has("descriptions")
                || node.has("lastModified"));
    }

    public static VulnRecord from(JsonNode cve) throws MalformedRecordException {
        String id = cve.path("id").asText("");
        if (!id.matches("CVE-\\d{4}-\\d{4,}")) {
            throw new MalformedRecordException("NVD record without a CVE id");
        }
        String modified = cve.path("lastModified").asText("");
        if (modified.isEmpty()) {
            throw new MalformedRecordException(id + ": no lastModified");
        }
        String summary = "";
        for (JsonNode d : cve.path("descriptions")) {
            if ("en".equals(d.path("lang").asText())) {
                summary = d.path("value").asText("");
                break;
            }
        }
        if (summary.length() > MAX_SUMMARY) {
            summary = summary.substring(0, MAX_SUMMARY) + "...";
        }
        List<String> cwes = new ArrayList<>();
        for (JsonNode w : cve.path("weaknesses")) {
            for (JsonNode d : w.path("description")) {
                String v = d.path("value").asText("");
                if (v.startsWith("CWE-") && !cwes.contains(v)) {
                    cwes.add(v);
                }
            }
        }
        Optional<String> severity = Optional.empty();
        Optional<Double> score = Optional.empty();
        for (String metric : List.of("cvssMetricV31", "cvssMetricV30", "cvssMetricV40", "cvssMetricV2")) {
            JsonNode best = null;
            for (JsonNode m : cve.path("metrics").path(metric)) {
                if (best == null || "Primary".equals(m.path("type").asText())) {
                    best = m;
                }
            }
            if (best != null) {
                JsonNode data = best.path("cvssData");
                // CVSS v2 keeps baseSeverity beside cvssData, later versions inside it.
                String sev = data.path("baseSeverity").asText(best.path("baseSeverity").asText(""));
                if (!sev.isEmpty()) {
                    severity = Optional.of(sev.toUpperCase(Locale.ROOT));
                }
                if (data.path("baseScore").isNumber()) {
                    score = Optional.of(data.path("baseScore").asDouble());
                }
                break;
            }
        }
        JsonNode configs = cve.path("configurations");
        ArrayNode stored = configs.isArray() ? (ArrayNode) configs : JsonNodeFactory.instance.arrayNode();
        List<CpeIndexEntry> products = new ArrayList<>();
        for (CpeMatch m : Configurations.vulnerableEntries(stored)) {
            CpeIndexEntry e = CpeIndexEntry.of(id, m);
            if (!products.contains(e)) {
                products.add(e);
            }
        }
        String published = cve.path("published").asText("");
        return new VulnRecord(id, "nvd", modified, published.isEmpty() ? Optional.empty() : Optional.of(published),
                cve.path("vulnStatus").asText(""), summary, severity, score, cwes, List.of(), stored.toString(),
                products, List.of());
    }
}
