package dev.medsec.vuln.match;

import dev.medsec.core.Component;
import dev.medsec.vuln.db.StoredVuln;

import java.util.Optional;

/**
 * One component affected by one advisory, and how that was decided.
 *
 * @param method     "cpe" (NVD configuration) or "osv" (ecosystem package range)
 * @param criteria   the CPE criteria or "ecosystem:name" that matched
 * @param range      the version range that contains the component's version
 * @param confidence HIGH for exact package identity (purl, distro package), MEDIUM for a CPE derived from a
 *                   classifier or a file name
 * @param fixed      the first fixed version when the advisory names one
 */
public record Match(Component component, StoredVuln vulnerability, String method, String criteria, String range,
                    Confidence confidence, Optional<String> fixed) {

    public enum Confidence { HIGH, MEDIUM, LOW }
}
