package dev.medsec.vuln.rescore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.core.Component;
import dev.medsec.core.Severity;
import dev.medsec.vuln.db.ExploitSignals;
import dev.medsec.vuln.vex.VexStatement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outputs of a re-assessment: the JSON report (schema in docs/soup.md), a Markdown draft of a post-market
 * notice, and the CycloneDX BOM with its {@code vulnerabilities} rewritten (everything else kept as it was).
 */
public final class RescoreReport {
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RescoreReport() {
    }

    public static Map<String, Object> json(Rescore.Result r, Instant assessedAt) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", SCHEMA_VERSION);
        m.put("sbom", r.sbom().path().getFileName().toString());
        m.put("format", r.sbom().format());
        m.put("subject", r.sbom().subject());
        m.put("assessedAt", assessedAt.toString());
        r.since().ifPresent(d -> m.put("since", d.toString()));
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("snapshot", r.database().snapshot());
        db.put("records", r.database().records());
        db.put("knownExploitedCatalog", r.signals().kevCatalogVersion().orElse("not imported"));
        db.put("epssScoreDate", r.signals().epssScoreDate().orElse("not imported"));
        m.put("database", db);
        m.put("components", r.sbom().entries().size() + r.sbom().unassessable().size());
        m.put("componentsAssessed", r.sbom().entries().size());
        m.put("componentsNotAssessed", r.sbom().unassessable());
        m.put("componentsAffected", r.componentsAffected());
        m.put("vulnerabilitiesTotal", r.vulnerabilities().size());
        m.put("new", r.newOnes().size());
        m.put("knownExploited", r.knownExploited().size());
        m.put("resolvedSinceLastAssessment", r.resolvedSinceLast());
        List<Map<String, Object>> vs = new ArrayList<>();
        for (Rescore.Assessed a : r.vulnerabilities()) {
            vs.add(entry(a));
        }
        m.put("vulnerabilities", vs);
        return m;
    }

    private static Map<String, Object> entry(Rescore.Assessed a) {
        Map<String, Object> v = new LinkedHashMap<>();
        Component c = a.entry().component();
        v.put("id", a.id());
        v.put("aliases", a.vulnerability().aliases());
        v.put("new", a.isNew());
        v.put("severity", a.severity().label());
        a.vulnerability().score().ifPresent(s -> v.put("cvssBaseScore", s));
        a.published().ifPresent(p -> v.put("published", p));
        Map<String, Object> comp = new LinkedHashMap<>();
        comp.put("name", c.name());
        comp.put("version", c.version());
        c.purl().ifPresent(p -> comp.put("purl", p));
        c.cpe().ifPresent(p -> comp.put("cpe", p));
        comp.put("ref", a.entry().ref());
        comp.put("sbomPointer", a.entry().pointer());
        v.put("component", comp);
        v.put("matchedBy", a.match().method());
        v.put("criteria", a.match().criteria());
        v.put("range", a.match().range());
        a.match().fixed().ifPresent(f -> v.put("fixedVersion", f));
        a.kev().ifPresent(k -> {
            Map<String, Object> kv = new LinkedHashMap<>();
            kv.put("dateAdded", k.dateAdded());
            kv.put("dueDate", k.dueDate());
            kv.put("knownRansomwareCampaignUse", k.ransomwareCampaignUse());
            kv.put("name", k.name());
            v.put("knownExploited", kv);
        });
        a.epss().ifPresent(e -> v.put("epss", Map.of("score", e.score(), "percentile", e.percentile(), "date", e.scoreDate())));
        a.vex().ifPresent(s -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("status", s.status().label());
            s.justification().ifPresent(j -> x.put("justification", j));
            s.detail().ifPresent(d -> x.put("detail", d));
            x.put("source", s.source());
            v.put("vex", x);
        });
        String summary = a.vulnerability().summary();
        if (!summary.isEmpty()) {
            v.put("summary", summary.length() > 300 ? summary.substring(0, 300) + "..." : summary);
        }
        return v;
    }

    /** A draft post-market notice: what is new, what is exploited, which components and fixed versions. */
    public static String markdown(Rescore.Result r, Instant assessedAt) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Vulnerability re-assessment: ").append(md(r.sbom().subject())).append("\n\n");
        sb.append("- SBOM: `").append(md(r.sbom().path().getFileName().toString())).append("` (").append(r.sbom().format())
                .append(")\n");
        sb.append("- Assessed: ").append(assessedAt).append(" against database ").append(r.database().snapshot())
                .append(" (").append(r.database().records()).append(" advisories; KEV ")
                .append(r.signals().kevCatalogVersion().orElse("not imported")).append("; EPSS ")
                .append(r.signals().epssScoreDate().orElse("not imported")).append(")\n");
        sb.append("- Components: ").append(r.sbom().entries().size()).append(" assessed, ")
                .append(r.sbom().unassessable().size()).append(" not assessable (no version, or no purl or CPE), ")
                .append(r.componentsAffected()).append(" affected\n");
        sb.append("- Vulnerabilities: ").append(r.vulnerabilities().size()).append(", of which ").append(r.newOnes().size())
                .append(r.since().map(d -> " published or listed as exploited since " + d).orElse(" new since the SBOM's last assessment"))
                .append(", ").append(r.knownExploited().size()).append(" known exploited (CISA KEV) and not resolved by VEX\n\n");
        List<Rescore.Assessed> kev = r.knownExploited();
        if (!kev.isEmpty()) {
            sb.append("## Known exploited (report without delay)\n\n");
            table(sb, kev);
        }
        List<Rescore.Assessed> fresh = r.newOnes().stream().filter(a -> !a.resolved()).toList();
        sb.append("## New").append(r.since().map(d -> " since " + d).orElse(" since the last assessment")).append("\n\n");
        if (fresh.isEmpty()) {
            sb.append("None.\n\n");
        } else {
            table(sb, fresh);
        }
        List<Rescore.Assessed> vexed = r.vulnerabilities().stream().filter(Rescore.Assessed::resolved).toList();
        if (!vexed.isEmpty()) {
            sb.append("## Resolved by VEX\n\n| Vulnerability | Component | Status | Justification |\n|---|---|---|---|\n");
            for (Rescore.Assessed a : vexed) {
                VexStatement s = a.vex().orElseThrow();
                sb.append("| ").append(a.id()).append(" | ").append(md(a.entry().component().name())).append(' ')
                        .append(md(a.entry().component().version())).append(" | ").append(s.status().label()).append(" | ")
                        .append(md(s.justification().orElse(""))).append(" |\n");
            }
            sb.append('\n');
        }
        if (!r.resolvedSinceLast().isEmpty()) {
            sb.append("## Listed before, no longer matched\n\n");
            for (String g : r.resolvedSinceLast()) {
                sb.append("- ").append(md(g)).append('\n');
            }
            sb.append('\n');
        }
        sb.append("This is a draft generated from the SBOM and the vulnerability database; the exposure of the device ")
                .append("(reachability, configuration, compensating controls) is the manufacturer's assessment.\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Rescore.Assessed> rows) {
        sb.append("| Vulnerability | Severity | CVSS | KEV added | EPSS | Component | Fixed in |\n|---|---|---|---|---|---|---|\n");
        for (Rescore.Assessed a : rows) {
            Component c = a.entry().component();
            sb.append("| ").append(a.id()).append(" | ").append(a.severity().label()).append(" | ")
                    .append(a.vulnerability().score().map(String::valueOf).orElse("")).append(" | ")
                    .append(a.kev().map(ExploitSignals.Kev::dateAdded).orElse("")).append(" | ")
                    .append(a.epss().map(e -> String.format(Locale.ROOT, "%.3f", e.score())).orElse("")).append(" | ")
                    .append(md(c.name())).append(' ').append(md(c.version())).append(" | ")
                    .append(md(a.match().fixed().orElse(""))).append(" |\n");
        }
        sb.append('\n');
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** The CycloneDX BOM with its vulnerabilities replaced by this assessment; other fields untouched. */
    public static ObjectNode cycloneDx(Rescore.Result r, Instant assessedAt) {
        ObjectNode bom = r.sbom().root().deepCopy();
        ArrayNode vulns = JSON.createArrayNode();
        for (Rescore.Assessed a : r.vulnerabilities()) {
            ObjectNode v = vulns.addObject();
            v.put("id", a.id());
            String id = a.id();
            v.putObject("source").put("name", id.startsWith("CVE-") ? "NVD" : id.startsWith("GHSA-") ? "GitHub" : "OSV");
            ObjectNode rating = v.putArray("ratings").addObject();
            a.vulnerability().score().ifPresent(s -> rating.put("score", s));
            rating.put("severity", a.vulnerability().severity().flatMap(dev.medsec.checks.vuln.KnownVulnerability::severity)
                    .map(s -> s.label()).orElse("unknown"));
            rating.put("method", "other");
            List<Integer> cwes = new ArrayList<>();
            for (String c : a.vulnerability().cwes()) {
                if (c.startsWith("CWE-")) {
                    try {
                        cwes.add(Integer.parseInt(c.substring(4)));
                    } catch (NumberFormatException e) {
                        // NVD-CWE-Other and the like name no CWE
                    }
                }
            }
            if (!cwes.isEmpty()) {
                ArrayNode cw = v.putArray("cwes");
                cwes.forEach(cw::add);
            }
            if (!a.vulnerability().summary().isEmpty()) {
                v.put("description", a.vulnerability().summary());
            }
            a.published().ifPresent(p -> v.put("published", p + "T00:00:00Z"));
            v.putArray("affects").addObject().put("ref", a.entry().ref());
            a.vex().ifPresent(s -> {
                ObjectNode an = v.putObject("analysis");
                an.put("state", switch (s.status()) {
                    case NOT_AFFECTED -> "not_affected";
                    case FIXED -> "resolved";
                    case AFFECTED -> "exploitable";
                    case UNDER_INVESTIGATION -> "in_triage";
                });
                s.justification().flatMap(RescoreReport::cycloneDxJustification).ifPresent(j -> an.put("justification", j));
                an.put("detail", s.detail().orElse("VEX " + s.status().label() + " from " + s.source()));
            });
            ArrayNode props = JSON.createArrayNode();
            a.kev().ifPresent(k -> {
                props.addObject().put("name", "medsec:knownExploited:dateAdded").put("value", k.dateAdded());
                props.addObject().put("name", "medsec:knownExploited:dueDate").put("value", k.dueDate());
            });
            a.epss().ifPresent(e -> {
                props.addObject().put("name", "medsec:epss:score").put("value", Double.toString(e.score()));
                props.addObject().put("name", "medsec:epss:percentile").put("value", Double.toString(e.percentile()));
            });
            a.match().fixed().ifPresent(f -> props.addObject().put("name", "medsec:fixedVersion").put("value", f));
            if (!props.isEmpty()) {
                v.set("properties", props);
            }
        }
        bom.set("vulnerabilities", vulns);
        JsonNode meta = bom.get("metadata");
        ObjectNode metadata = meta != null && meta.isObject() ? (ObjectNode) meta : bom.putObject("metadata");
        JsonNode p = metadata.get("properties");
        ArrayNode mp = p != null && p.isArray() ? (ArrayNode) p : metadata.putArray("properties");
        for (int i = mp.size() - 1; i >= 0; i--) {
            if (mp.get(i).path("name").asText("").startsWith("medsec:rescore:")) {
                mp.remove(i);
            }
        }
        mp.addObject().put("name", "medsec:rescore:assessedAt").put("value", assessedAt.toString());
        mp.addObject().put("name", "medsec:rescore:database").put("value", r.database().snapshot());
        return bom;
    }

    private static Optional<String> cycloneDxJustification(String j) {
        return Optional.ofNullable(switch (j) {
            case "component_not_present", "vulnerable_code_not_present", "code_not_present" -> "code_not_present";
            case "vulnerable_code_not_in_execute_path", "code_not_reachable" -> "code_not_reachable";
            case "vulnerable_code_cannot_be_controlled_by_adversary", "protected_at_runtime" -> "protected_at_runtime";
            case "inline_mitigations_already_exist", "protected_by_mitigating_control" -> "protected_by_mitigating_control";
            case "requires_configuration", "requires_dependency", "requires_environment", "protected_by_compiler",
                 "protected_at_perimeter" -> j;
            default -> null;
        });
    }

    /** Whether any unresolved vulnerability new in this assessment is at or above {@code level}. */
    public static boolean newAtLeast(Rescore.Result r, Severity level) {
        return r.newOnes().stream().anyMatch(a -> !a.resolved() && a.severity().atLeast(level));
    }
}
