package dev.medsec.sbom.eol;

import dev.medsec.core.Component;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A component's level of support (an FDA premarket SBOM element), decided once for the SBOM writers, the report's
 * {@code componentSupport} section and the HTML report: a distribution package is supported by its release; a
 * component the end-of-support data names is supported, long-term supported or past its end; anything else unknown.
 */
public final class SupportLevel {
    private static final Set<String> DISTRIBUTION = Set.of("dpkg", "apk", "rpm");

    private SupportLevel() {
    }

    public static String of(Component c, Optional<EndOfSupportData.Entry> e, LocalDate today) {
        if (DISTRIBUTION.contains(c.source())) {
            return "supported by the distribution release";
        }
        if (e.isEmpty()) {
            return "unknown";
        }
        return e.get().eol().isBefore(today) ? "end of support" : e.get().lts() ? "long-term support" : "supported";
    }
}
