package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Debian packages: {@code /var/lib/dpkg/status} of every root filesystem in the image, and the one-file-per-
 * package {@code /var/lib/dpkg/status.d/} of distroless images. Packages whose status is "not-installed" or
 * "config-files" ship no files and are left out, as {@code dpkg-query -W} would list only what is unpacked.
 */
public final class DpkgCataloger implements Cataloger {
    static final String STATUS = "/var/lib/dpkg/status";
    static final String STATUS_D = "/var/lib/dpkg/status.d";
    private static final Set<String> NOT_SHIPPED = Set.of("not-installed", "config-files");

    @Override
    public String name() {
        return "dpkg";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Artifact status : image.findAll(STATUS)) {
            read(image, status, out, errors);
        }
        for (Artifact a : image.glob(STATUS_D + "/*")) {
            if (a.hasContent() && !a.fileName().endsWith(".md5sums")) {
                read(image, a, out, errors);
            }
        }
        return out;
    }

    private void read(Image image, Artifact db, List<Component> out, Consumer<ScanError> errors) {
        if (!db.hasContent()) {
            return;
        }
        if (db.size() > ControlStanzas.MAX_BYTES) {
            errors.accept(new ScanError(db.path(), ScanError.Stage.CATALOG, "dpkg status larger than " + ControlStanzas.MAX_BYTES
                    + " bytes; not read"));
            return;
        }
        List<Map<String, String>> stanzas;
        try (InputStream in = db.open()) {
            stanzas = ControlStanzas.parse(in);
        } catch (IOException e) {
            errors.accept(new ScanError(db.path(), ScanError.Stage.CATALOG, "cannot read dpkg status: " + e.getMessage()));
            return;
        }
        Optional<OsRelease> os = OsRelease.of(image, db.layer());
        String distro = os.map(OsRelease::id).orElse("debian");
        for (Map<String, String> s : stanzas) {
            String name = s.get("Package");
            String version = s.get("Version");
            if (name == null || version == null || name.isEmpty()) {
                continue;
            }
            String state = s.getOrDefault("Status", "install ok installed");
            String[] words = state.split("\\s+");
            if (words.length == 3 && NOT_SHIPPED.contains(words[2])) {
                continue;
            }
            out.add(component(name, version, s, distro, os, db.path(), "dpkg"));
        }
    }

    static Component component(String name, String version, Map<String, String> s, String distro,
                               Optional<OsRelease> os, String path, String source) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("arch", s.getOrDefault("Architecture", ""));
        os.flatMap(OsRelease::distroQualifier).ifPresent(d -> q.put("distro", d));
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("field", "Package/Version");
        putIf(ev, "supplier", s.get("Maintainer"));
        putIf(ev, "architecture", s.get("Architecture"));
        putIf(ev, "status", s.get("Status"));
        putIf(ev, "homepage", s.get("Homepage"));
        List<String> deps = dependsOn(s.get("Pre-Depends"), s.get("Depends"));
        if (!deps.isEmpty()) {
            ev.put("dependsOn", deps);
        }
        // "Source: openssl (3.0.11-1)": distribution advisories are keyed by source package and version.
        String src = s.get("Source");
        if (src != null && !src.isBlank()) {
            String srcName = src.trim();
            String srcVersion = version;
            int paren = srcName.indexOf('(');
            if (paren > 0 && srcName.endsWith(")")) {
                srcVersion = srcName.substring(paren + 1, srcName.length() - 1).trim();
                srcName = srcName.substring(0, paren).trim();
            }
            ev.put("sourcePackage", srcName);
            ev.put("sourceVersion", srcVersion);
        }
        return new Component(name, version, Purls.of("deb", distro, name, version, q), Optional.empty(), source,
                path, ev);
    }

    /**
     * Package names a stanza's Pre-Depends and Depends name ("libc6 (>= 2.34), libssl3 | libssl1.1" gives libc6 and
     * libssl3: of alternatives the first, which is what the maintainer installs by default; ":any" dropped).
     */
    static List<String> dependsOn(String... fields) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        for (String f : fields) {
            if (f == null || f.isBlank()) {
                continue;
            }
            for (String clause : f.split(",")) {
                String first = clause.split("\\|")[0].strip();
                String name = first.split("[\\s(\\[<]")[0];
                int colon = name.indexOf(':');
                name = colon > 0 ? name.substring(0, colon) : name;
                if (!name.isEmpty()) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }

    static void putIf(Map<String, Object> ev, String key, String value) {
        if (value != null && !value.isBlank()) {
            ev.put(key, value);
        }
    }
}
