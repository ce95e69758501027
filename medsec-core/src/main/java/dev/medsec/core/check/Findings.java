package dev.medsec.core.check;

import dev.medsec.core.image.Artifact;

/**
 * Where a check reports. Findings come pre-filled with the check's metadata; the check adds the place,
 * the message and the evidence. Implementations are thread-safe.
 */
public interface Findings {
    /** Starts a finding about {@code artifact}. Call {@link FindingBuilder#report()} to record it. */
    FindingBuilder at(Artifact artifact);

    /** Starts a finding about an image path that is not a single artifact (a config line's file, a boot stage). */
    FindingBuilder at(String imagePath);

    /** Records that something could not be checked, and why; the scan goes on. */
    void error(String imagePath, String message);

    /**
     * Adds a named top-level section to report.json (e.g. "chainOfTrust"). The value must be JSON-serialisable
     * (records, maps, lists, strings, numbers). A later call with the same name replaces the earlier one.
     */
    void section(String name, Object value);

    /**
     * The scan's settings (reference time, device profile, ...), so that file and content checks can judge
     * against them too; defaults when the caller did not give any.
     */
    default dev.medsec.core.image.ScanSettings settings() {
        return dev.medsec.core.image.ScanSettings.defaults();
    }
}
