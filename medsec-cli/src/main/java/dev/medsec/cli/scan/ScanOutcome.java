package dev.medsec.cli.scan;

import dev.medsec.core.Finding;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.Image;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything one scan produced; the image's content stays readable until the sandbox is closed.
 *
 * @param findings      the reported findings: triaged (origin, severity in context, SOUP roll-ups)
 * @param checkFindings what the checks found, one per file, before the triage (the crypto BOM lists every file)
 */
public record ScanOutcome(Image image, List<Finding> findings, List<ScanError> errors, Map<String, Object> sections,
                          String targetType, String targetSha256, Instant startedAt, long durationMs, long files,
                          long bytes, Map<String, Long> artifactsByType, List<Finding> checkFindings) {
}
