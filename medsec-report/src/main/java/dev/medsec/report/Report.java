package dev.medsec.report;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * report.json, schemaVersion 1. Other tools depend on it: change it only by adding fields. Extra sections
 * contributed by checks (e.g. "chainOfTrust") are written as further top-level fields after "errors".
 */
@JsonPropertyOrder({"schemaVersion", "tool", "target", "startedAt", "durationMs", "stats", "principles",
        "components", "findings", "errors", "gate"})
public record Report(int schemaVersion, Tool tool, Target target, String startedAt, long durationMs, Stats stats,
                     List<PrincipleSummary> principles, List<ComponentEntry> components, List<FindingEntry> findings,
                     List<ErrorEntry> errors, Gate gate, @JsonIgnore Map<String, Object> sections) {
    public static final int SCHEMA_VERSION = 1;

    public Report {
        principles = List.copyOf(principles);
        components = List.copyOf(components);
        findings = List.copyOf(findings);
        errors = List.copyOf(errors);
        sections = Map.copyOf(sections);
    }

    @JsonAnyGetter
    public Map<String, Object> sectionsForJson() {
        return new java.util.TreeMap<>(sections);
    }

    public record Tool(String name, String version) {
    }

    /**
     * @param sha256 of the target file; for a directory, of the sorted list of "sha256  path" lines of its files
     */
    public record Target(String path, String sha256, String type) {
    }

    public record Stats(long files, long bytes, Map<String, Long> artifactsByType) {
    }

    /**
     * @param status "pass" (no findings above info), "warn" (findings below the gate) or "fail"
     *               (findings at or above --fail-on; without a gate, any critical or high finding)
     */
    public record PrincipleSummary(int number, String name, Map<String, Integer> findings, String status) {
    }

    public record ComponentEntry(String name, String version, String purl, String cpe, String source, String path) {
    }

    /** @param origin who owns the file: "first-party", "soup" (with its component) or "unknown" */
    @JsonPropertyOrder({"id", "check", "principle", "severity", "cwe", "path", "message", "evidence", "remediation", "waived",
            "origin"})
    public record FindingEntry(String id, String check, int principle, String severity, List<Integer> cwe, String path,
                               String message, Map<String, Object> evidence, String remediation, boolean waived,
                               OriginEntry origin) {
        public FindingEntry(String id, String check, int principle, String severity, List<Integer> cwe, String path,
                            String message, Map<String, Object> evidence, String remediation, boolean waived) {
            this(id, check, principle, severity, cwe, path, message, evidence, remediation, waived,
                    new OriginEntry("unknown", null, ""));
        }

        /** Own code: first-party or unknown (nobody else answers for it). */
        @JsonIgnore
        public boolean ownCode() {
            return origin == null || !origin.kind().equals("soup");
        }
    }

    /**
     * @param kind      "first-party", "soup" or "unknown"
     * @param component the SOUP component (absent otherwise)
     * @param basis     how the origin was decided (package file list, profile glob, classifier)
     */
    @JsonPropertyOrder({"kind", "component", "basis"})
    public record OriginEntry(String kind,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) ComponentRef component,
                              String basis) {
    }

    /** @param bomRef the component's bom-ref in the CycloneDX SBOM of the same scan */
    @JsonPropertyOrder({"name", "version", "purl", "supplier", "bomRef"})
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ComponentRef(String name, String version, String purl, String supplier, String bomRef) {
    }

    public record ErrorEntry(String path, String stage, String message) {
    }

    /**
     * @param failOn      the --fail-on level, or "none"
     * @param minCoverage the --min-coverage percentage (absent without the option)
     * @param coverageMet whether the coverage account reached it (absent without the option)
     * @param origin      the findings --fail-on counts: "all", or "first-party" (first-party and unknown origin)
     * @param scanStopped true when --scan-timeout stopped the scan (the gate then fails); absent otherwise
     * @param failOnNew   the --fail-on-new level against --baseline (absent without it)
     */
    public record Gate(String failOn, boolean passed,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Double minCoverage,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean coverageMet,
                       String origin,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean scanStopped,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String failOnNew,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean failOnKev,
                       @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Boolean knownExploited) {
        public Gate(String failOn, boolean passed) {
            this(failOn, passed, null, null, "all", null, null, null, null);
        }

        public Gate(String failOn, boolean passed, Double minCoverage, Boolean coverageMet) {
            this(failOn, passed, minCoverage, coverageMet, "all", null, null, null, null);
        }
    }
}
