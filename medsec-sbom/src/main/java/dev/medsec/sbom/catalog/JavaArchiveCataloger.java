package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Java archives. The unpack stage opens every jar/war/ear (nested ones too) as a layer named by the archive's
 * image path, so this cataloger reads, per archive layer: {@code META-INF/maven/G/A/pom.properties} (exact
 * Maven identity, high confidence), else {@code META-INF/MANIFEST.MF} (Implementation or Bundle headers), else
 * the archive's file name "name-1.2.3.jar" (lowest confidence, source "jar-filename").
 */
public final class JavaArchiveCataloger implements Cataloger {
    private static final Pattern POM_PROPERTIES = Pattern.compile("/META-INF/maven/[^/]+/[^/]+/pom\\.properties");
    private static final Pattern FILE_NAME = Pattern.compile("(.+?)-(\\d+(?:\\.\\d+)*(?:[.-][A-Za-z0-9]+)*)\\.(?:jar|war|ear)");

    @Override
    public String name() {
        return "jar";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        Map<String, List<Artifact>> poms = new LinkedHashMap<>();
        Map<String, Artifact> manifests = new LinkedHashMap<>();
        for (Artifact a : image.artifacts()) {
            if (!a.hasContent() || a.layer().isEmpty()) {
                continue;
            }
            if (POM_PROPERTIES.matcher(a.innerPath()).matches()) {
                poms.computeIfAbsent(a.layer(), k -> new ArrayList<>()).add(a);
            } else if (a.innerPath().equals("/META-INF/MANIFEST.MF")) {
                manifests.put(a.layer(), a);
            }
        }
        Set<String> done = new HashSet<>();
        for (Map.Entry<String, List<Artifact>> e : poms.entrySet()) {
            for (Artifact pom : e.getValue()) {
                try {
                    Properties p = new Properties();
                    p.load(new StringReader(TextFiles.read(pom)));
                    String g = p.getProperty("groupId", "").trim();
                    String art = p.getProperty("artifactId", "").trim();
                    String v = p.getProperty("version", "").trim();
                    if (g.isEmpty() || art.isEmpty() || v.isEmpty()) {
                        continue;
                    }
                    Map<String, Object> ev = new LinkedHashMap<>();
                    ev.put("file", pom.path());
                    ev.put("groupId", g);
                    out.add(new Component(art, v, Purls.of("maven", g, art, v, Map.of()), Optional.empty(), "jar",
                            e.getKey(), ev));
                    done.add(e.getKey());
                } catch (IOException | IllegalArgumentException ex) {
                    errors.accept(new ScanError(pom.path(), ScanError.Stage.CATALOG, "bad pom.properties: "
                            + ex.getMessage()));
                }
            }
        }
        for (Map.Entry<String, Artifact> e : manifests.entrySet()) {
            if (done.contains(e.getKey())) {
                continue;
            }
            Map<String, String> h = manifest(TextFiles.read(e.getValue()));
            String name = first(h, "Bundle-SymbolicName", "Implementation-Title", "Specification-Title");
            String version = first(h, "Bundle-Version", "Implementation-Version", "Specification-Version");
            if (name.isEmpty() || version.isEmpty()) {
                continue;
            }
            name = name.split(";")[0].trim();
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("file", e.getValue().path());
            String vendor = first(h, "Bundle-Vendor", "Implementation-Vendor");
            if (!vendor.isEmpty()) {
                ev.put("supplier", vendor);
            }
            out.add(new Component(name, version, Optional.empty(), Optional.empty(), "jar-manifest", e.getKey(), ev));
            done.add(e.getKey());
        }
        for (Artifact a : image.artifacts()) {
            String n = a.fileName().toLowerCase(Locale.ROOT);
            if (!a.hasContent() || done.contains(a.path())
                    || !(n.endsWith(".jar") || n.endsWith(".war") || n.endsWith(".ear"))
                    || (a.type() != FileType.JAR && a.type() != FileType.ZIP)) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(a.fileName());
            if (m.matches()) {
                out.add(new Component(m.group(1), m.group(2), Optional.empty(), Optional.empty(), "jar-filename",
                        a.path(), Map.of("file", a.path(), "confidence", "low: file name only")));
            }
        }
        return out;
    }

    /** Main-section headers of a manifest, continuation lines joined. */
    static Map<String, String> manifest(String text) {
        Map<String, String> h = new LinkedHashMap<>();
        String last = null;
        for (String line : text.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.startsWith(" ") && last != null) {
                h.put(last, h.get(last) + line.substring(1));
                continue;
            }
            int c = line.indexOf(':');
            if (c > 0) {
                last = line.substring(0, c).trim();
                h.put(last, line.substring(c + 1).trim());
            }
        }
        return h;
    }

    private static String first(Map<String, String> h, String... keys) {
        for (String k : keys) {
            String v = h.get(k);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return "";
    }
}
