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

/**
 * OpenWrt, Yocto and other opkg/ipk systems: {@code /usr/lib/opkg/status} or {@code /var/lib/opkg/status}.
 * These distributions build upstream sources with few back-ports, so a package whose name the classifier
 * table knows also gets the upstream CPE (upstream version = opkg version without its "-N" release), marked
 * with medium confidence.
 */
public final class OpkgCataloger implements Cataloger {
    private static final List<String> STATUS = List.of("/usr/lib/opkg/status", "/var/lib/opkg/status");
    private final ClassifierTable table;

    public OpkgCataloger() {
        this(ClassifierTable.builtIn());
    }

    OpkgCataloger(ClassifierTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "opkg";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (String p : STATUS) {
            for (Artifact db : image.findAll(p)) {
                read(db, out, errors);
            }
        }
        return out;
    }

    private void read(Artifact db, List<Component> out, Consumer<ScanError> errors) {
        if (!db.hasContent() || db.size() > ControlStanzas.MAX_BYTES) {
            return;
        }
        List<Map<String, String>> stanzas;
        try (InputStream in = db.open()) {
            stanzas = ControlStanzas.parse(in);
        } catch (IOException e) {
            errors.accept(new ScanError(db.path(), ScanError.Stage.CATALOG, "cannot read opkg status: " + e.getMessage()));
            return;
        }
        for (Map<String, String> s : stanzas) {
            String name = s.get("Package");
            String version = s.get("Version");
            if (name == null || version == null) {
                continue;
            }
            String state = s.getOrDefault("Status", "install ok installed");
            if (state.endsWith("not-installed") || state.endsWith("config-files")) {
                continue;
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("field", "Package/Version");
            DpkgCataloger.putIf(ev, "architecture", s.get("Architecture"));
            DpkgCataloger.putIf(ev, "supplier", s.get("Maintainer"));
            DpkgCataloger.putIf(ev, "status", s.get("Status"));
            String upstream = version.replaceFirst("^\\d+:", "").replaceFirst("-[^-]*$", "");
            Optional<String> cpe = table.cpeForPackage(name, upstream);
            cpe.ifPresent(c -> ev.put("cpeFrom", "classifier table package name"));
            out.add(new Component(name, version,
                    Purls.of("opkg", null, name, version, Map.of("arch", s.getOrDefault("Architecture", ""))),
                    cpe, "opkg", db.path(), ev));
        }
    }
}
