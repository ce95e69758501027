package dev.medsec.sbom.catalog;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The distribution of one root filesystem, from its {@code /etc/os-release} (or {@code /usr/lib/os-release}). */
record OsRelease(String id, Optional<String> versionId, Optional<String> versionCodename) {
    private static final int MAX = 64 * 1024;

    static Optional<OsRelease> of(Image image, String layer) {
        for (String p : new String[] {"/etc/os-release", "/usr/lib/os-release"}) {
            Optional<Artifact> a = image.get(layer, p).flatMap(image::resolve);
            if (a.isPresent() && a.get().hasContent() && a.get().size() <= MAX) {
                try (InputStream in = a.get().open()) {
                    return Optional.of(parse(new String(in.readNBytes(MAX), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static OsRelease parse(String text) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) {
                continue;
            }
            String v = line.substring(eq + 1).trim();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.substring(1, v.length() - 1);
            }
            kv.put(line.substring(0, eq).trim(), v);
        }
        return new OsRelease(kv.getOrDefault("ID", "linux").toLowerCase(Locale.ROOT),
                Optional.ofNullable(kv.get("VERSION_ID")).filter(s -> !s.isBlank()),
                Optional.ofNullable(kv.get("VERSION_CODENAME")).filter(s -> !s.isBlank()));
    }

    /** The purl "distro" qualifier, e.g. "debian-12". */
    Optional<String> distroQualifier() {
        return versionId.map(v -> id + "-" + v);
    }
}
