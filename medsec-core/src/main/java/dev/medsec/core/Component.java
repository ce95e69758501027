package dev.medsec.core;

import java.util.Map;
import java.util.Optional;

/**
 * A third-party component (SOUP) the image ships.
 *
 * @param source   how it was identified: "dpkg", "opkg", "apk", "jar", "binary-classifier", ...
 * @param path     image path of the evidence (package database, jar, binary)
 * @param evidence how the identification was made (pattern matched, field read), for audit
 */
public record Component(String name, String version, Optional<String> purl, Optional<String> cpe,
                        String source, String path, Map<String, Object> evidence) {
    public Component {
        purl = purl == null ? Optional.empty() : purl;
        cpe = cpe == null ? Optional.empty() : cpe;
        evidence = evidence == null ? Map.of() : Map.copyOf(evidence);
    }

    /** Its reference in the CycloneDX SBOM (before a "#n" that tells apart two entries of one image path). */
    public String bomRef() {
        return purl.orElse(source + ":" + name + "@" + version) + "#" + path;
    }
}
