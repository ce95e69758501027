package dev.medsec.sbom.catalog;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds package URLs through packageurl-java, so every purl we emit is canonical and escaped. */
public final class Purls {
    private Purls() {
    }

    public static Optional<String> of(String type, String namespace, String name, String version,
                                      Map<String, String> qualifiers) {
        try {
            TreeMap<String, String> q = new TreeMap<>();
            qualifiers.forEach((k, v) -> {
                if (v != null && !v.isEmpty()) {
                    q.put(k, v);
                }
            });
            return Optional.of(new PackageURL(type, namespace, name, version.isEmpty() ? null : version,
                    q.isEmpty() ? null : q, null).canonicalize());
        } catch (MalformedPackageURLException e) {
            return Optional.empty();
        }
    }
}
