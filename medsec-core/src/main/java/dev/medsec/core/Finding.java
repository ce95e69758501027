package dev.medsec.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One piece of evidence that the image breaks a principle.
 *
 * @param id          stable fingerprint: the same problem in the same place gets the same id in every scan
 * @param checkId     the stable id of the check that found it
 * @param path        image path, '/'-rooted, archive layers joined with "!/"
 * @param evidence    exact evidence (symbol, offset, config line, key size); JSON-serialisable values only,
 *                    never a secret itself
 * @param origin      who owns the file (own code or SOUP); {@link Origin#UNKNOWN} until the scan's triage sets it
 */
public record Finding(String id, String checkId, Principle principle, Severity severity, List<Integer> cwe,
                      String path, String message, Map<String, Object> evidence, String remediation, Origin origin) {
    public Finding(String id, String checkId, Principle principle, Severity severity, List<Integer> cwe,
                   String path, String message, Map<String, Object> evidence, String remediation) {
        this(id, checkId, principle, severity, cwe, path, message, evidence, remediation, Origin.UNKNOWN);
    }

    public Finding {
        origin = origin == null ? Origin.UNKNOWN : origin;
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(principle, "principle");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        cwe = List.copyOf(cwe);
        evidence = Map.copyOf(evidence);
        remediation = remediation == null ? "" : remediation;
    }

    public Finding withOrigin(Origin o) {
        return new Finding(id, checkId, principle, severity, cwe, path, message, evidence, remediation, o);
    }

    /** The same finding at another severity, with the reason in its evidence ("severityReason"). */
    public Finding withSeverity(Severity s, String reason) {
        if (s == severity) {
            return this;
        }
        Map<String, Object> ev = new java.util.TreeMap<>(evidence);
        ev.put("severityReason", reason);
        ev.putIfAbsent("checkSeverity", severity.label());
        return new Finding(id, checkId, principle, s, cwe, path, message, ev, remediation, origin);
    }
}
