package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Build-system manifests shipped in or beside an image:
 * <ul>
 *   <li>Yocto {@code license.manifest} (paragraphs of "PACKAGE NAME:", "PACKAGE VERSION:", "RECIPE NAME:",
 *       "LICENSE:");</li>
 *   <li>Yocto image manifests {@code *.manifest} / {@code installed-packages.txt} lines "name arch version";</li>
 *   <li>Buildroot {@code legal-info/manifest.csv} ("PACKAGE","VERSION","LICENSE",...).</li>
 * </ul>
 * These builds compile upstream sources, so a recipe or package the classifier table knows gets the upstream
 * CPE (recipe version without its "-rN" revision), with medium confidence.
 */
public final class BuildManifestCataloger implements Cataloger {
    private final ClassifierTable table;

    public BuildManifestCataloger() {
        this(ClassifierTable.builtIn());
    }

    BuildManifestCataloger(ClassifierTable table) {
        this.table = table;
    }

    @Override
    public String name() {
        return "build-manifest";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Artifact a : image.artifacts()) {
            if (!a.hasContent() || a.size() > TextFiles.MAX) {
                continue;
            }
            String n = a.fileName();
            try {
                if (n.equals("license.manifest")) {
                    yoctoLicenseManifest(a, out);
                } else if (n.equals("manifest.csv") && a.innerPath().contains("legal-info")) {
                    buildroot(a, out);
                } else if (n.endsWith(".rootfs.manifest") || n.equals("installed-packages.txt")) {
                    yoctoImageManifest(a, out);
                }
            } catch (IOException e) {
                errors.accept(new ScanError(a.path(), ScanError.Stage.CATALOG, e.getMessage()));
            }
        }
        return out;
    }

    private void yoctoLicenseManifest(Artifact a, List<Component> out) throws IOException {
        Map<String, String> cur = new LinkedHashMap<>();
        for (String line : (TextFiles.read(a) + "\n\n").split("\n", -1)) {
            if (line.isBlank()) {
                String name = cur.get("PACKAGE NAME");
                String version = cur.get("PACKAGE VERSION");
                if (name != null && version != null) {
                    String recipe = cur.getOrDefault("RECIPE NAME", name);
                    Map<String, Object> ev = new LinkedHashMap<>();
                    ev.put("manifest", "yocto license.manifest");
                    ev.put("recipe", recipe);
                    DpkgCataloger.putIf(ev, "license", cur.get("LICENSE"));
                    out.add(component(name, recipe, version, a, "yocto", ev));
                }
                cur.clear();
                continue;
            }
            int c = line.indexOf(':');
            if (c > 0) {
                cur.put(line.substring(0, c).trim().toUpperCase(Locale.ROOT), line.substring(c + 1).trim());
            }
        }
    }

    private void yoctoImageManifest(Artifact a, List<Component> out) throws IOException {
        for (String line : TextFiles.read(a).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 3) {
                continue;
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("manifest", "yocto image manifest");
            ev.put("architecture", f[1]);
            out.add(component(f[0], f[0], f[2], a, "yocto", ev));
        }
    }

    private void buildroot(Artifact a, List<Component> out) throws IOException {
        String[] lines = TextFiles.read(a).split("\r?\n");
        if (lines.length == 0) {
            return;
        }
        List<String> header = csv(lines[0]);
        int pkg = header.indexOf("PACKAGE");
        int ver = header.indexOf("VERSION");
        int lic = header.indexOf("LICENSE");
        if (pkg < 0 || ver < 0) {
            throw new IOException("Buildroot manifest.csv without PACKAGE/VERSION columns");
        }
        for (int i = 1; i < lines.length; i++) {
            List<String> row = csv(lines[i]);
            if (row.size() <= Math.max(pkg, ver)) {
                continue;
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("manifest", "buildroot legal-info/manifest.csv");
            if (lic >= 0 && lic < row.size()) {
                DpkgCataloger.putIf(ev, "license", row.get(lic));
            }
            out.add(component(row.get(pkg), row.get(pkg), row.get(ver), a, "buildroot", ev));
        }
    }

    private Component component(String name, String recipe, String version, Artifact a, String source,
                                Map<String, Object> ev) {
        String upstream = version.replaceFirst("^\\d+:", "").replaceFirst("-r\\d+(\\.\\d+)?$", "");
        Optional<String> cpe = table.cpeForPackage(recipe, upstream).or(() -> table.cpeForPackage(name, upstream));
        cpe.ifPresent(c -> ev.put("cpeFrom", "classifier table package name"));
        return new Component(name, version, Purls.of("generic", null, name, version, Map.of()), cpe, source,
                a.path(), ev);
    }

    /** One CSV record: fields optionally double-quoted, "" inside quotes is a quote. */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
