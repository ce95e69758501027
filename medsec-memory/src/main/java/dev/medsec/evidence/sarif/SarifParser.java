package dev.medsec.evidence.sarif;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Severity;
import dev.medsec.memory.EvidenceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SARIF 2.1.0 logs (Flawfinder, CodeQL, Semgrep, clang-tidy / clang static analyzer, GCC -fanalyzer) into
 * {@link AnalyzerResult}s. CWEs are taken from wherever the producers put them: result taxa, rule relationships
 * to the CWE taxonomy, rule tags ("external/cwe/cwe-120", "CWE-78: ...") and rule or result properties.
 */
public final class SarifParser {
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_RESULTS = 200_000;
    public static final int MAX_TEXT = 2_000;

    private static final Pattern CWE = Pattern.compile("(?i)\\bcwe[-_/ :]*(\\d{1,5})\\b");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64)
                    .maxStringLength(1_000_000).build())
            .build());

    private SarifParser() {
    }

    /** True when the start of a file looks like SARIF. */
    public static boolean looksLikeSarif(String head) {
        return head.contains("\"runs\"") && (head.contains("sarif") || head.contains("\"version\""));
    }

    public static List<AnalyzerResult> parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new EvidenceException("SARIF file of " + size + " bytes exceeds the limit of " + MAX_FILE_BYTES);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public static List<AnalyzerResult> parse(InputStream in) throws EvidenceException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new EvidenceException("not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EvidenceException("cannot read SARIF: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("runs").isArray()) {
            throw new EvidenceException("not a SARIF log: no 'runs' array");
        }
        String version = root.path("version").asText("");
        if (!version.isEmpty() && !version.startsWith("2.")) {
            throw new EvidenceException("unsupported SARIF version " + clip(version, 20));
        }
        List<AnalyzerResult> out = new ArrayList<>();
        for (JsonNode run : root.path("runs")) {
            readRun(run, out);
        }
        return out;
    }

    private static void readRun(JsonNode run, List<AnalyzerResult> out) throws EvidenceException {
        JsonNode driver = run.path("tool").path("driver");
        String tool = text(driver.path("name"), "unknown");
        List<JsonNode> rules = new ArrayList<>();
        Map<String, JsonNode> rulesById = new HashMap<>();
        for (JsonNode r : driver.path("rules")) {
            rules.add(r);
            String id = r.path("id").asText("");
            if (!id.isEmpty()) {
                rulesById.putIfAbsent(id, r);
            }
        }
        for (JsonNode res : run.path("results")) {
            if (out.size() >= MAX_RESULTS) {
                throw new EvidenceException("more than " + MAX_RESULTS + " SARIF results");
            }
            String ruleId = res.path("ruleId").asText(res.path("rule").path("id").asText(""));
            JsonNode rule = rulesById.get(ruleId);
            int index = res.path("ruleIndex").asInt(res.path("rule").path("index").asInt(-1));
            if (rule == null && index >= 0 && index < rules.size()) {
                rule = rules.get(index);
                if (ruleId.isEmpty()) {
                    ruleId = rule.path("id").asText("");
                }
            }
            JsonNode ruleNode = rule == null ? JSON.missingNode() : rule;
            String level = res.path("level").asText(
                    ruleNode.path("defaultConfiguration").path("level").asText("warning"));
            String message = text(res.path("message").path("text"),
                    text(ruleNode.path("shortDescription").path("text"), ruleId));
            JsonNode loc = res.path("locations").path(0).path("physicalLocation");
            String file = uri(loc.path("artifactLocation").path("uri").asText(""));
            int line = Math.max(0, loc.path("region").path("startLine").asInt(0));
            out.add(new AnalyzerResult(clip(tool, 100), clip(ruleId.isEmpty() ? "unnamed" : ruleId, 200),
                    clip(ruleNode.path("name").asText(""), 200), clip(message, MAX_TEXT), severity(level),
                    clip(level, 20), cwes(res, ruleNode), clip(file, 1000), line));
        }
    }

    static Severity severity(String level) {
        switch (level.toLowerCase(Locale.ROOT)) {
            case "error":
                return Severity.HIGH;
            case "warning":
                return Severity.MEDIUM;
            case "note":
                return Severity.LOW;
            default:
                return Severity.INFO;
        }
    }

    private static List<Integer> cwes(JsonNode res, JsonNode rule) {
        Set<Integer> out = new LinkedHashSet<>();
        for (JsonNode t : res.path("taxa")) {
            addCwe(t.path("id").asText(""), t.path("toolComponent").path("name").asText(""), out);
        }
        for (JsonNode rel : rule.path("relationships")) {
            JsonNode target = rel.path("target");
            addCwe(target.path("id").asText(""), target.path("toolComponent").path("name").asText(""), out);
        }
        for (JsonNode props : List.of(rule.path("properties"), res.path("properties"))) {
            for (JsonNode tag : props.path("tags")) {
                scan(tag.asText(""), out);
            }
            JsonNode cwe = props.path("cwe");
            if (cwe.isArray()) {
                cwe.forEach(c -> scanOrNumber(c, out));
            } else if (!cwe.isMissingNode()) {
                scanOrNumber(cwe, out);
            }
        }
        return List.copyOf(out);
    }

    private static void addCwe(String id, String component, Set<Integer> out) {
        if (component.equalsIgnoreCase("CWE") && id.matches("\\d{1,5}")) {
            out.add(Integer.parseInt(id));
        } else {
            scan(id, out);
        }
    }

    private static void scanOrNumber(JsonNode n, Set<Integer> out) {
        if (n.isInt() && n.asInt() > 0) {
            out.add(n.asInt());
        } else {
            scan(n.asText(""), out);
        }
    }

    private static void scan(String text, Set<Integer> out) {
        Matcher m = CWE.matcher(clip(text, 500));
        while (m.find() && out.size() < 16) {
            int c = Integer.parseInt(m.group(1));
            if (c > 0) {
                out.add(c);
            }
        }
    }

    /** "file:///src/a.c" → "/src/a.c"; relative URIs stay relative. */
    private static String uri(String u) {
        String s = u.startsWith("file://") ? u.substring("file://".length()) : u;
        return s.replace("%20", " ");
    }

    private static String text(JsonNode n, String fallback) {
        String s = n.asText("");
        return s.isEmpty() ? fallback : s;
    }

    static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
