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
import java.util.function.Consumer;

/** Alpine packages from {@code /lib/apk/db/installed} (P: name, V: version, A: arch, o: origin, m: maintainer). */
public final class ApkCataloger implements Cataloger {
    static final String INSTALLED = "/lib/apk/db/installed";

    @Override
    public String name() {
        return "apk";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Artifact db : image.findAll(INSTALLED)) {
            if (!db.hasContent() || db.size() > ControlStanzas.MAX_BYTES) {
                continue;
            }
            List<Map<String, String>> stanzas;
            try (InputStream in = db.open()) {
                stanzas = ControlStanzas.parse(in);
            } catch (IOException e) {
                errors.accept(new ScanError(db.path(), ScanError.Stage.CATALOG, "cannot read apk database: " + e.getMessage()));
                continue;
            }
            Optional<OsRelease> os = OsRelease.of(image, db.layer());
            for (Map<String, String> s : stanzas) {
                String name = s.get("P");
                String version = s.get("V");
                if (name == null || version == null) {
                    continue;
                }
                Map<String, String> q = new LinkedHashMap<>();
                q.put("arch", s.getOrDefault("A", ""));
                os.flatMap(OsRelease::distroQualifier).ifPresent(d -> q.put("distro", d));
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("field", "P/V");
                DpkgCataloger.putIf(ev, "architecture", s.get("A"));
                DpkgCataloger.putIf(ev, "supplier", s.get("m"));
                DpkgCataloger.putIf(ev, "license", s.get("L"));
                String origin = s.get("o");
                if (origin != null && !origin.isBlank()) {
                    ev.put("sourcePackage", origin);
                    ev.put("sourceVersion", version);
                }
                out.add(new Component(name, version, Purls.of("apk", os.map(OsRelease::id).orElse("alpine"), name,
                        version, q), Optional.empty(), "apk", db.path(), ev));
            }
        }
        return out;
    }
}
