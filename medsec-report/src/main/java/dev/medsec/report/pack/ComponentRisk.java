package dev.medsec.report.pack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The software component risk report: every component of the SBOM with its level of support, end of support
 * (with the source of the date) and its known vulnerabilities as the scan matched them — CVSS, CISA KEV listing,
 * EPSS, fixed version, and the VEX status and justification that decided each one.
 */
final class ComponentRisk {
    private ComponentRisk() {
    }

    static Map<String, Object> of(JsonNode report, JsonNode bom) {
        Map<String, List<Map<String, Object>>> vulns = new LinkedHashMap<>();
        Map<String, JsonNode> eos = new LinkedHashMap<>();
        for (JsonNode f : report.path("findings")) {
            JsonNode e = f.path("evidence");
            String key = e.path("component").asText() + "\t" + e.path("version").asText();
            if (f.path("check").asText().equals("soup.known-vulnerability")) {
                Map<String, Object> v = SubmissionPack.map();
                v.put("id", e.path("vulnerability").asText());
                List<String> aliases = new ArrayList<>();
                e.path("aliases").forEach(a -> aliases.add(a.asText()));
                v.put("aliases", aliases);
                v.put("severity", f.path("severity").asText());
                if (e.has("cvssBaseScore")) {
                    v.put("cvssBaseScore", e.path("cvssBaseScore").asDouble());
                }
                if (e.has("knownExploited")) {
                    v.put("knownExploited", Map.of("dateAdded", e.path("knownExploited").path("dateAdded").asText(),
                            "dueDate", e.path("knownExploited").path("dueDate").asText()));
                }
                if (e.has("epss")) {
                    v.put("epss", Map.of("score", e.path("epss").path("score").asDouble(),
                            "percentile", e.path("epss").path("percentile").asDouble()));
                }
                v.put("fixedVersion", e.path("fixedVersion").asText(""));
                v.put("matchedBy", e.path("matchedBy").asText("") + " " + e.path("criteria").asText(""));
                Map<String, Object> vex = SubmissionPack.map();
                vex.put("status", e.path("vexStatus").asText("not assessed"));
                vex.put("justification", e.path("vexJustification").asText(""));
                vex.put("detail", e.path("vexDetail").asText(""));
                v.put("vex", vex);
                vulns.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
            } else if (f.path("check").asText().equals("soup.end-of-support")) {
                eos.put(key, e);
            }
        }
        List<Map<String, Object>> comps = new ArrayList<>();
        for (JsonNode c : bom.path("components")) {
            String type = c.path("type").asText();
            if (type.equals("cryptographic-asset") || type.equals("file")) {
                continue;
            }
            String key = c.path("name").asText() + "\t" + c.path("version").asText();
            Map<String, Object> m = SubmissionPack.map();
            m.put("name", c.path("name").asText());
            m.put("version", c.path("version").asText());
            m.put("purl", c.path("purl").asText(""));
            m.put("cpe", c.path("cpe").asText(""));
            m.put("supplier", c.path("supplier").path("name").asText(""));
            m.put("supportLevel", property(c, "medsec:supportLevel"));
            JsonNode e = eos.get(key);
            m.put("endOfSupport", e != null ? e.path("endOfSupport").asText() : property(c, "medsec:endOfSupport"));
            m.put("endOfSupportSource", e != null ? e.path("dataSource").asText("") : property(c, "medsec:endOfSupport").isEmpty()
                    ? "" : "medsec end-of-support data");
            List<Map<String, Object>> vs = vulns.getOrDefault(key, List.of());
            m.put("vulnerabilities", vs);
            comps.add(m);
        }
        Map<String, Object> out = SubmissionPack.map();
        out.put("schemaVersion", 1);
        out.put("date", report.path("startedAt").asText());
        out.put("firmware", report.path("target").path("path").asText());
        out.put("firmwareSha256", report.path("target").path("sha256").asText());
        JsonNode vm = report.path("vulnerabilityMatching");
        Map<String, Object> db = SubmissionPack.map();
        db.put("performed", vm.path("performed").asBoolean(false));
        db.put("snapshot", vm.path("snapshot").asText(""));
        db.put("reason", vm.path("reason").asText(""));
        db.put("knownExploitedCatalog", vm.path("knownExploitedCatalog").path("catalogVersion").asText("not imported"));
        db.put("epssScoreDate", vm.path("epss").path("scoreDate").asText("not imported"));
        out.put("vulnerabilityDatabase", db);
        out.put("components", comps);
        return out;
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> risk, JsonNode report) {
        StringBuilder sb = new StringBuilder("# Software component risk report\n\n");
        Map<String, Object> db = (Map<String, Object>) risk.get("vulnerabilityDatabase");
        sb.append("Firmware `").append(risk.get("firmware")).append("`, ").append(risk.get("date")).append(". ");
        if (Boolean.TRUE.equals(db.get("performed"))) {
            sb.append("Known vulnerabilities from database ").append(db.get("snapshot")).append(" (CISA KEV ")
                    .append(db.get("knownExploitedCatalog")).append(", EPSS ").append(db.get("epssScoreDate")).append(").\n\n");
        } else {
            sb.append("**Known vulnerabilities were not checked:** ").append(db.get("reason")).append("\n\n");
        }
        List<Map<String, Object>> comps = (List<Map<String, Object>>) risk.get("components");
        sb.append("| Component | Version | Supplier | Support | End of support | Known vulnerabilities |\n|---|---|---|---|---|---|\n");
        for (Map<String, Object> c : comps) {
            List<Map<String, Object>> vs = (List<Map<String, Object>>) c.get("vulnerabilities");
            sb.append("| ").append(SubmissionPack.cell(String.valueOf(c.get("name")))).append(" | ")
                    .append(SubmissionPack.cell(String.valueOf(c.get("version")))).append(" | ")
                    .append(SubmissionPack.cell(String.valueOf(c.get("supplier")))).append(" | ").append(c.get("supportLevel"))
                    .append(" | ").append(c.get("endOfSupport")).append(String.valueOf(c.get("endOfSupportSource")).isEmpty() ? ""
                            : " (" + SubmissionPack.cell(String.valueOf(c.get("endOfSupportSource"))) + ")")
                    .append(" | ").append(vs.size()).append(" |\n");
        }
        sb.append("\n## Vulnerabilities\n\n");
        boolean any = false;
        for (Map<String, Object> c : comps) {
            for (Map<String, Object> v : (List<Map<String, Object>>) c.get("vulnerabilities")) {
                if (!any) {
                    sb.append("| Vulnerability | Component | Severity | CVSS | KEV | EPSS | Fixed in | VEX status | Justification |\n"
                            + "|---|---|---|---|---|---|---|---|---|\n");
                    any = true;
                }
                Map<String, Object> vex = (Map<String, Object>) v.get("vex");
                sb.append("| ").append(v.get("id")).append(" | ").append(SubmissionPack.cell(c.get("name") + " " + c.get("version")))
                        .append(" | ").append(v.get("severity")).append(" | ").append(v.getOrDefault("cvssBaseScore", ""))
                        .append(" | ").append(v.containsKey("knownExploited")
                                ? ((Map<String, Object>) v.get("knownExploited")).get("dateAdded") : "")
                        .append(" | ").append(v.containsKey("epss") ? ((Map<String, Object>) v.get("epss")).get("score") : "")
                        .append(" | ").append(SubmissionPack.cell(String.valueOf(v.get("fixedVersion")))).append(" | ")
                        .append(vex.get("status")).append(" | ").append(SubmissionPack.cell(String.valueOf(vex.get("justification"))))
                        .append(" |\n");
            }
        }
        if (!any) {
            sb.append("None matched").append(Boolean.TRUE.equals(db.get("performed")) ? "." : " (not checked, see above).").append('\n');
        }
        return sb.toString();
    }

    private static String property(JsonNode c, String name) {
        for (JsonNode p : c.path("properties")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("value").asText();
            }
        }
        return "";
    }
}
