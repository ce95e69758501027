package dev.medsec.report.pack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.report.HtmlReportWriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The regulatory submission pack of one scan, built from its report.json, SARIF and SBOMs: the component risk
 * report, the cybersecurity test evidence, the security architecture view, a traceability matrix from the FDA
 * premarket guidance's sections and IEC 81001-5-1 clauses to the files that answer them (saying what medsec does
 * not cover), and a SHA-256 manifest for signing. Everything is derived from its inputs alone — no clock, no
 * random, keys sorted, the report's own time as the documents' date — so the same inputs give byte-identical
 * files. The run-specific measurements of report.json (durationMs, timings) are zeroed in the pack's copy.
 */
public final class SubmissionPack {
    public static final String MANIFEST = "MANIFEST.sha256";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** One row of the traceability table. */
    public record Trace(String framework, String item, String title, String coverage, List<String> files, String note) {
    }

    private SubmissionPack() {
    }

    /**
     * Writes the pack into {@code dir} (which holds report.json, report.sarif, sbom.cdx.json and sbom.spdx.json as
     * the scan wrote them, and is rearranged into the pack's layout); returns the files of the manifest.
     */
    public static List<String> build(Path dir, Path reportJson, Path sarif, Path cycloneDx, Path spdx) throws IOException {
        JsonNode report = JSON.readTree(reportJson.toFile());
        if (!(report instanceof ObjectNode r) || report.path("schemaVersion").asInt() != 1) {
            throw new IOException(reportJson.getFileName() + ": not a medsec report.json of schemaVersion 1");
        }
        ObjectNode normalised = r.deepCopy();
        normalised.put("durationMs", 0);
        normalised.remove("timings");
        JsonNode bom = JSON.readTree(cycloneDx.toFile());
        String date = report.path("startedAt").asText();
        write(dir.resolve("report/report.json"), JSON.writeValueAsString(normalised) + "\n");
        copy(sarif, dir.resolve("report/report.sarif"));
        write(dir.resolve("report/report.html"), HtmlReportWriter.render(normalised));
        copy(cycloneDx, dir.resolve("sbom/sbom.cdx.json"));
        copy(spdx, dir.resolve("sbom/sbom.spdx.json"));
        Map<String, Object> risk = ComponentRisk.of(report, bom);
        write(dir.resolve("risk/component-risk-report.json"), JSON.writeValueAsString(risk) + "\n");
        write(dir.resolve("risk/component-risk-report.md"), ComponentRisk.markdown(risk, report));
        write(dir.resolve("evidence/cybersecurity-test-evidence.md"), TestEvidence.markdown(report));
        write(dir.resolve("architecture/security-architecture.md"), Architecture.markdown(report));
        List<Trace> traces = traceability();
        write(dir.resolve("traceability/traceability-matrix.md"), traceMarkdown(traces, report));
        write(dir.resolve("traceability/traceability-matrix.json"), JSON.writeValueAsString(Map.of("schemaVersion", 1,
                "date", date, "items", traces)) + "\n");
        write(dir.resolve("README.md"), readme(report));
        for (Path staged : List.of(reportJson, sarif, cycloneDx, spdx)) {
            if (staged.getParent() != null && staged.toAbsolutePath().getParent().equals(dir.toAbsolutePath())) {
                Files.deleteIfExists(staged);
            }
        }
        return manifest(dir);
    }

    /** Writes MANIFEST.sha256 ("hex  path" per file, sorted, sha256sum's format) over every file but itself. */
    static List<String> manifest(Path dir) throws IOException {
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (!rel.equals(MANIFEST) && !rel.equals(MANIFEST + ".p7s")) {
                    files.add(rel);
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            sb.append(dev.medsec.core.Digests.sha256Hex(dir.resolve(f))).append("  ").append(f).append('\n');
        }
        write(dir.resolve(MANIFEST), sb.toString());
        return files;
    }

    static List<Trace> traceability() throws IOException {
        List<Trace> out = new ArrayList<>();
        try (InputStream in = SubmissionPack.class.getResourceAsStream("traceability.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 6 || !List.of("covered", "partial", "not-covered").contains(f[3])) {
                    throw new IllegalStateException("traceability.tsv: bad row: " + line);
                }
                out.add(new Trace(f[0], f[1], f[2], f[3], f[4].isEmpty() ? List.of() : List.of(f[4].split(",")), f[5]));
            }
        }
        return out;
    }

    private static String traceMarkdown(List<Trace> traces, JsonNode report) {
        StringBuilder sb = new StringBuilder("# Traceability matrix\n\n");
        sb.append("Firmware: ").append(report.path("target").path("path").asText()).append(" (SHA-256 ")
                .append(report.path("target").path("sha256").asText()).append("), scanned ").append(report.path("startedAt").asText())
                .append(".\n\nEach row is an item of the FDA premarket cybersecurity guidance (June 2025) or a clause of IEC "
                        + "81001-5-1:2021, whether this pack answers it (covered), contributes evidence to it (partial) or does not "
                        + "address it (not covered, with what is needed instead), and the files that hold the answer. A reviewer reads "
                        + "a row from left to right and opens the files named; every file is listed with its digest in "
                        + MANIFEST + ".\n\n");
        for (String fw : List.of("FDA", "IEC")) {
            sb.append(fw.equals("FDA") ? "## FDA premarket guidance (eSTAR cybersecurity)\n\n" : "## IEC 81001-5-1:2021\n\n");
            sb.append("| Item | Title | Coverage | Files | What medsec does / does not |\n|---|---|---|---|---|\n");
            for (Trace t : traces) {
                if (t.framework().equals(fw)) {
                    sb.append("| ").append(t.item()).append(" | ").append(cell(t.title())).append(" | ").append(t.coverage())
                            .append(" | ").append(t.files().isEmpty() ? "—" : String.join("<br>", t.files().stream()
                                    .map(f -> "`" + f + "`").toList())).append(" | ").append(cell(t.note())).append(" |\n");
                }
            }
            sb.append('\n');
        }
        long notCovered = traces.stream().filter(t -> t.coverage().equals("not-covered")).count();
        sb.append("Not covered by this pack: ").append(notCovered).append(" items (threat model, threat mitigation and requirements "
                + "testing, penetration testing, interoperability). They need the manufacturer's own records.\n");
        return sb.toString();
    }

    private static String readme(JsonNode report) {
        return "# Cybersecurity submission pack\n\n"
                + "Firmware `" + report.path("target").path("path").asText() + "`, SHA-256 `" + report.path("target").path("sha256").asText()
                + "`, scanned " + report.path("startedAt").asText() + " by medsec " + report.path("tool").path("version").asText() + ".\n\n"
                + "| File | What it is |\n|---|---|\n"
                + "| `report/report.json` | the complete scan report (medsec report schema 1; run-time measurements zeroed so the pack is reproducible) |\n"
                + "| `report/report.html` | the same report for a browser or print |\n"
                + "| `report/report.sarif` | the findings as SARIF 2.1.0 |\n"
                + "| `sbom/sbom.cdx.json`, `sbom/sbom.spdx.json` | the SBOM in CycloneDX 1.6 and SPDX 2.3 with the FDA/NTIA minimum elements |\n"
                + "| `risk/component-risk-report.md`, `.json` | each component's known vulnerabilities (CVSS, KEV, EPSS), VEX status and justification, level of support and end of support |\n"
                + "| `evidence/cybersecurity-test-evidence.md` | hardening of every binary, kernel configuration audit, secrets and keys, cryptography, memory and fuzzing evidence |\n"
                + "| `architecture/security-architecture.md` | chain of trust from ROM to the update path, interfaces and services against the device profile |\n"
                + "| `traceability/traceability-matrix.md`, `.json` | FDA guidance items and IEC 81001-5-1 clauses to the files above, and what is not covered |\n"
                + "| `" + MANIFEST + "` | SHA-256 of every file above (sha256sum format) |\n"
                + "| `" + MANIFEST + ".p7s` | detached CMS signature over the manifest, when the pack was signed |\n\n"
                + "Verify: `sha256sum -c " + MANIFEST + "`, then the signature with `medsec verify-file " + MANIFEST
                + " --trust CA.pem` or `openssl cms -verify -binary -inform DER -in " + MANIFEST + ".p7s -content " + MANIFEST
                + " -CAfile CA.pem -purpose any -out /dev/null`.\n\n"
                + "Residual risk: the open findings and vulnerabilities of `risk/` and `report/` are what remains at release; their "
                + "assessment for patient safety is the manufacturer's (see the traceability matrix for what this pack does not cover).\n";
    }

    static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String sevCounts(Map<String, Integer> m) {
        StringBuilder sb = new StringBuilder();
        for (String s : List.of("critical", "high", "medium", "low", "info")) {
            if (m.getOrDefault(s, 0) > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(m.get(s)).append(' ').append(s);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    static Map<String, Integer> counts(Iterable<JsonNode> findings) {
        Map<String, Integer> m = new TreeMap<>();
        for (JsonNode f : findings) {
            if (!f.path("waived").asBoolean()) {
                m.merge(f.path("severity").asText(), 1, Integer::sum);
            }
        }
        return m;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static void write(Path to, String text) throws IOException {
        Files.createDirectories(to.getParent());
        Files.writeString(to, text, StandardCharsets.UTF_8);
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static Map<String, Object> map() {
        return new LinkedHashMap<>();
    }
}
