package dev.medsec.sbom.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * npm packages installed in {@code node_modules/NAME/package.json} or {@code node_modules/@SCOPE/NAME/
 * package.json} (nested node_modules too). A package.json elsewhere is an application's own manifest, not an
 * installed dependency, and is not reported.
 */
public final class NpmPackageCataloger implements Cataloger {
    private static final Pattern INSTALLED = Pattern.compile(".*/node_modules/((?:@[^/]+/)?[^/@][^/]*)/package\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String name() {
        return "npm";
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (Artifact a : image.artifacts()) {
            // The suffix test first: the pattern's leading ".*" would backtrack through every path of the image.
            if (!a.innerPath().endsWith("/package.json")) {
                continue;
            }
            Matcher m = INSTALLED.matcher(a.innerPath());
            if (!a.hasContent() || !m.matches()) {
                continue;
            }
            JsonNode pkg;
            try {
                pkg = JSON.readTree(TextFiles.read(a));
            } catch (IOException e) {
                errors.accept(new ScanError(a.path(), ScanError.Stage.CATALOG, "bad package.json: " + e.getMessage()));
                continue;
            }
            String name = pkg.path("name").asText("");
            String version = pkg.path("version").asText("");
            if (name.isEmpty() || version.isEmpty() || !name.equals(m.group(1))) {
                continue; // test fixtures and templates inside packages carry other names
            }
            String ns = null;
            String local = name;
            if (name.startsWith("@") && name.contains("/")) {
                ns = name.substring(0, name.indexOf('/'));
                local = name.substring(name.indexOf('/') + 1);
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("file", a.path());
            JsonNode author = pkg.path("author");
            String supplier = author.isTextual() ? author.asText() : author.path("name").asText("");
            if (!supplier.isEmpty()) {
                ev.put("supplier", supplier);
            }
            out.add(new Component(name, version, Purls.of("npm", ns, local, version, Map.of()), Optional.empty(),
                    "npm", a.path(), ev));
        }
        return out;
    }
}
