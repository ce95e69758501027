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
 */
public record Finding(String id, String checkId, Principle principle, Severity severity, List<Integer> cwe,
                      String path, String message, Map<String, Object> evidence, String remediation) {
    public Finding {
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
}
