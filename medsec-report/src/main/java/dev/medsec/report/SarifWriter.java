package dev.medsec.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning accepts it): one rule per check from its
 * metadata, one result per finding, the stable finding id as partial fingerprint so alerts track across scans.
 */
public final class SarifWriter {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    public static final String FINGERPRINT_KEY = "medsecFindingId/v1";

    private SarifWriter() {
    }

    public static void write(Report report, Collection<CheckMetadata> checks, Path file) throws IOException {
        JsonReportWriter.writeAtomically(file, out -> write(report, checks, out));
    }

    public static void write(Report report, Collection<CheckMetadata> checks, OutputStream out) throws IOException {
        ObjectMapper mapper = JsonReportWriter.mapper();
        mapper.writeValue(out, toSarif(report, checks, mapper));
    }

    static ObjectNode toSarif(Report report, Collection<CheckMetadata> checks, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", report.tool().name());
        driver.put("version", report.tool().version());
        driver.put("informationUri", "https://github.com/medsec/medsec");
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        Map<String, CheckMetadata> byId = new LinkedHashMap<>();
        checks.stream().sorted(java.util.Comparator.comparing(CheckMetadata::id)).forEach(m -> byId.put(m.id(), m));
        for (Report.FindingEntry f : report.findings()) {
            if (!byId.containsKey(f.check())) {
                // findings imported from other tools carry check ids that are not ours
                byId.put(f.check(), new CheckMetadata(f.check(), Principle.ofNumber(f.principle()),
                        Severity.parse(f.severity()), f.cwe(), f.message().length() > 120 ? f.message().substring(0, 117) + "..." : f.message(),
                        f.remediation(), java.util.List.of(), ""));
            }
        }
        for (CheckMetadata m : byId.values()) {
            ruleIndex.put(m.id(), rules.size());
            ObjectNode r = rules.addObject();
            r.put("id", m.id());
            r.put("name", ruleName(m.id()));
            r.putObject("shortDescription").put("text", m.summary());
            r.putObject("fullDescription").put("text", m.summary() + " (principle " + m.principle().number()
                    + ": " + m.principle().title() + ")");
            String help = m.remediation().isBlank() ? m.summary() : m.remediation();
            StringBuilder md = new StringBuilder("**").append(m.summary()).append("**\n\n**Fix:** ").append(help)
                    .append("\n\nPrinciple ").append(m.principle().number()).append(" (").append(m.principle().title())
                    .append(")");
            for (int cwe : m.cwe()) {
                md.append(" · [CWE-").append(cwe).append("](https://cwe.mitre.org/data/definitions/").append(cwe).append(".html)");
            }
            r.putObject("help").put("text", help).put("markdown", md.toString());
            r.putObject("defaultConfiguration").put("level", level(m.severity()));
            ObjectNode props = r.putObject("properties");
            ArrayNode tags = props.putArray("tags");
            tags.add("security");
            tags.add("principle-" + m.principle().number());
            for (int cwe : m.cwe()) {
                tags.add("external/cwe/cwe-" + cwe);
            }
            props.put("security-severity", securitySeverity(m.severity()));
            props.put("precision", "high");
        }
        // paths are inside the image ("usr/bin/pumpd", "boot.img!/kernel"): their base is the image's root, named
        // so a dashboard does not resolve them against the repository
        ObjectNode base = run.putObject("originalUriBaseIds").putObject(IMAGE_ROOT);
        base.put("uri", "file:///");
        base.putObject("description").put("text", "Root of the scanned image " + report.target().path()
                + " (sha256 " + report.target().sha256() + "); nested containers are separated by '!'");
        ArrayNode results = run.putArray("results");
        for (Report.FindingEntry f : report.findings()) {
            ObjectNode res = results.addObject();
            res.put("ruleId", f.check());
            res.put("ruleIndex", ruleIndex.get(f.check()));
            res.put("level", level(Severity.parse(f.severity())));
            res.putObject("message").put("text", f.message());
            ObjectNode loc = res.putArray("locations").addObject().putObject("physicalLocation");
            loc.putObject("artifactLocation").put("uri", uri(f.path())).put("uriBaseId", IMAGE_ROOT);
            Object line = f.evidence().get("line");
            Object offset = f.evidence().get("offset");
            if (line instanceof Number n && n.intValue() > 0) {
                loc.putObject("region").put("startLine", n.intValue());
            } else if (offset instanceof Number n && n.longValue() >= 0) {
                // a finding in a binary: the byte where its evidence starts
                loc.putObject("region").put("byteOffset", n.longValue());
            }
            res.putObject("partialFingerprints").put(FINGERPRINT_KEY, f.id());
            if (f.waived()) {
                // dashboards hide suppressed results but keep them auditable
                res.putArray("suppressions").addObject().put("kind", "external")
                        .put("justification", "waived in the project's waivers file");
            }
            ObjectNode props = res.putObject("properties");
            props.put("principle", f.principle());
            props.put("severity", f.severity());
            props.set("evidence", mapper.valueToTree(f.evidence()));
            if (f.origin() != null) {
                props.set("origin", mapper.valueToTree(f.origin()));
            }
        }
        ArrayNode notifications = run.putArray("invocations").addObject()
                .put("executionSuccessful", true)
                .putArray("toolExecutionNotifications");
        for (Report.ErrorEntry e : report.errors()) {
            ObjectNode n = notifications.addObject();
            n.put("level", "warning");
            n.putObject("message").put("text", e.stage() + ": " + e.message());
            n.putArray("locations").addObject().putObject("physicalLocation").putObject("artifactLocation")
                    .put("uri", uri(e.path())).put("uriBaseId", IMAGE_ROOT);
        }
        return root;
    }

    /** The base id of every artifact location: paths are inside the scanned image, not the repository. */
    static final String IMAGE_ROOT = "IMAGEROOT";

    /** An image path as a relative URI reference: "/usr/bin/a b" becomes "usr/bin/a%20b". */
    static String uri(String imagePath) {
        String rel = imagePath.startsWith("/") ? imagePath.substring(1) : imagePath;
        if (rel.isEmpty()) {
            return ".";
        }
        try {
            return new URI(null, null, rel, null).toASCIIString();
        } catch (URISyntaxException e) {
            return rel.replaceAll("[^A-Za-z0-9/._~!-]", "_");
        }
    }

    private static String ruleName(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.substring(id.indexOf('.') + 1).split("[-.]")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }

    static String level(Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW, INFO -> "note";
        };
    }

    /** GitHub's scale: critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
    static String securitySeverity(Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
            case INFO -> "0.0";
        };
    }
}
