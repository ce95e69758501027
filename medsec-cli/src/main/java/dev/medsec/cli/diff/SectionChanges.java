package dev.medsec.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What changed between two reports beyond the findings: vulnerabilities new and resolved (by advisory and
 * component), services enabled or removed, chain-of-trust stages whose status changed, and binaries whose
 * hardening got worse (PIE, NX, RELRO, canary, FORTIFY, text relocations, CET, BTI/PAC) — a regression can hide
 * behind an unchanged finding count.
 */
final class SectionChanges {
    private static final List<String> RELRO = List.of("none", "partial", "full");
    private static final List<String> FORTIFY = List.of("not-fortified", "partial", "fortified");

    private SectionChanges() {
    }

    static Map<String, Object> of(JsonNode older, JsonNode newer) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, JsonNode> vo = vulnerabilities(older);
        Map<String, JsonNode> vn = vulnerabilities(newer);
        out.put("vulnerabilitiesNew", keysOnlyIn(vn, vo));
        out.put("vulnerabilitiesResolved", keysOnlyIn(vo, vn));
        Map<String, JsonNode> so = services(older);
        Map<String, JsonNode> sn = services(newer);
        out.put("servicesAdded", rowsOnlyIn(sn, so));
        out.put("servicesRemoved", rowsOnlyIn(so, sn));
        out.put("chainOfTrust", chain(older, newer));
        out.put("hardeningRegressions", hardening(older, newer));
        return out;
    }

    private static Map<String, JsonNode> vulnerabilities(JsonNode report) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode f : report.path("findings")) {
            if (f.path("check").asText().equals("soup.known-vulnerability") && !f.path("waived").asBoolean(false)) {
                JsonNode e = f.path("evidence");
                m.put(e.path("vulnerability").asText() + " " + e.path("component").asText() + " " + e.path("version").asText(), f);
            }
        }
        return m;
    }

    private static List<String> keysOnlyIn(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        return a.keySet().stream().filter(k -> !b.containsKey(k)).toList();
    }

    private static Map<String, JsonNode> services(JsonNode report) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode s : report.path("services")) {
            m.put(s.path("name").asText() + "|" + s.path("enabledBy").asText() + "|" + s.path("path").asText(), s);
        }
        return m;
    }

    private static List<Map<String, Object>> rowsOnlyIn(Map<String, JsonNode> a, Map<String, JsonNode> b) {
        List<Map<String, Object>> out = new ArrayList<>();
        a.forEach((k, s) -> {
            if (!b.containsKey(k)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", s.path("name").asText());
                row.put("enabledBy", s.path("enabledBy").asText());
                row.put("path", s.path("path").asText());
                row.put("command", s.path("command").asText());
                if (s.has("kind")) {
                    row.put("kind", s.path("kind").asText());
                }
                out.add(row);
            }
        });
        return out;
    }

    private static List<Map<String, Object>> chain(JsonNode older, JsonNode newer) {
        Map<String, String> before = new LinkedHashMap<>();
        for (JsonNode s : older.path("chainOfTrust").path("stages")) {
            before.put(s.path("stage").asText(), s.path("status").asText());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode s : newer.path("chainOfTrust").path("stages")) {
            String stage = s.path("stage").asText();
            String was = before.get(stage);
            String now = s.path("status").asText();
            if (was != null && !was.equals(now)) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("stage", stage);
                row.put("old", was);
                row.put("new", now);
                out.add(row);
            }
        }
        return out;
    }

    private static List<Map<String, Object>> hardening(JsonNode older, JsonNode newer) {
        Map<String, JsonNode> before = new LinkedHashMap<>();
        for (JsonNode f : older.path("hardening").path("files")) {
            before.put(f.path("path").asText(), f);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode f : newer.path("hardening").path("files")) {
            JsonNode o = before.get(f.path("path").asText());
            if (o == null) {
                continue;
            }
            List<String> worse = new ArrayList<>();
            lost(worse, "PIE", o.path("pie"), f.path("pie"));
            lost(worse, "NX", o.path("nx"), f.path("nx"));
            ordered(worse, "RELRO", RELRO, o.path("relro").asText(""), f.path("relro").asText(""));
            lost(worse, "stack canary", o.path("canary").path("present"), f.path("canary").path("present"));
            ordered(worse, "FORTIFY", FORTIFY, o.path("fortify").path("state").asText(""), f.path("fortify").path("state").asText(""));
            if (!o.path("textrel").asBoolean(false) && f.path("textrel").asBoolean(false)) {
                worse.add("text relocations appeared");
            }
            lost(worse, "CET IBT", o.path("cet").path("ibt"), f.path("cet").path("ibt"));
            lost(worse, "CET shadow stack", o.path("cet").path("shstk"), f.path("cet").path("shstk"));
            lost(worse, "BTI", o.path("branchProtection").path("bti"), f.path("branchProtection").path("bti"));
            lost(worse, "PAC", o.path("branchProtection").path("pac"), f.path("branchProtection").path("pac"));
            if (!worse.isEmpty()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("path", f.path("path").asText());
                row.put("regressions", worse);
                out.add(row);
            }
        }
        return out;
    }

    private static void lost(List<String> out, String what, JsonNode before, JsonNode after) {
        if (before.isBoolean() && after.isBoolean() && before.asBoolean() && !after.asBoolean()) {
            out.add(what + " lost");
        }
    }

    private static void ordered(List<String> out, String what, List<String> order, String before, String after) {
        int b = order.indexOf(before);
        int a = order.indexOf(after);
        if (b >= 0 && a >= 0 && a < b && !Objects.equals(before, after)) {
            out.add(what + " " + before + " -> " + after);
        }
    }
}
