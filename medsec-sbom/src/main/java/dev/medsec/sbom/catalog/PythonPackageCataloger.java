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
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/** Python distributions: {@code *.dist-info/METADATA} and {@code *.egg-info/PKG-INFO} (or an egg-info file). */
public final class PythonPackageCataloger implements Cataloger {
    private static final Pattern METADATA = Pattern.compile(".*/[^/]+\\.dist-info/METADATA|.*/[^/]+\\.egg-info/PKG-INFO"
            + "|.*/(site|dist)-packages/[^/]+\\.egg-info");

    /** Cheap test first: the pattern's leading ".*" would backtrack through every path of the image. */
    private static boolean mayBeMetadata(String p) {
        return p.endsWith("/METADATA") || p.endsWith("/PKG-INFO") || p.endsWith(".egg-info");
    }

    @Override
    public String name() {
        return "python";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Artifact a : image.artifacts()) {
            if (!a.hasContent() || !mayBeMetadata(a.innerPath()) || !METADATA.matcher(a.innerPath()).matches()) {
                continue;
            }
            String name = "";
            String version = "";
            String author = "";
            try {
                for (String line : TextFiles.read(a).split("\r?\n")) {
                    if (line.isEmpty()) {
                        break; // headers end at the first empty line; the long description follows
                    }
                    if (line.startsWith("Name:") && name.isEmpty()) {
                        name = line.substring(5).trim();
                    } else if (line.startsWith("Version:") && version.isEmpty()) {
                        version = line.substring(8).trim();
                    } else if (line.startsWith("Author:") && author.isEmpty()) {
                        author = line.substring(7).trim();
                    }
                }
            } catch (IOException e) {
                errors.accept(new ScanError(a.path(), ScanError.Stage.CATALOG, e.getMessage()));
                continue;
            }
            if (name.isEmpty() || version.isEmpty()) {
                continue;
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("file", a.path());
            if (!author.isEmpty() && !author.equals("UNKNOWN")) {
                ev.put("supplier", author);
            }
            out.add(new Component(name, version, Purls.of("pypi", null,
                    name.toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-"), version, Map.of()),
                    Optional.empty(), "python", a.path(), ev));
        }
        return out;
    }
}
