package dev.medsec.vuln.rescore;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An SBOM read for re-assessment: CycloneDX 1.4 to 1.6 JSON or SPDX 2.3 JSON, written by medsec or another tool
 * (Syft, Trivy, cdxgen). Only what matching needs is read — names, versions, purls, CPEs, references, the
 * vulnerabilities a CycloneDX BOM already lists — and unknown fields are ignored. SBOMs are untrusted input: the
 * file size and the JSON nesting are bounded, and a field of the wrong shape is an error naming its JSON pointer.
 */
public final class SbomDocument {
    public static final long MAX_BYTES = 512L * 1024 * 1024;
    static final int MAX_NESTING = 64;
    static final int MAX_COMPONENTS = 2_000_000;
    private static final Pattern CYCLONEDX_VERSION = Pattern.compile("1\\.[4-6]");

    /** One component as the SBOM names it, and its reference there (bom-ref or SPDXID). */
    public record Entry(String ref, Component component, String pointer) {
    }

    /** A vulnerability the SBOM already lists for one of its components (its last assessment). */
    public record Listed(String id, String ref, Optional<String> analysisState) {
    }

    private final Path path;
    private final String format;
    private final JsonNode root;
    private final List<Entry> entries;
    private final List<String> unassessable;
    private final List<Listed> listed;

    private SbomDocument(Path path, String format, JsonNode root, List<Entry> entries, List<String> unassessable,
                         List<Listed> listed) {
        this.path = path;
        this.format = format;
        this.root = root;
        this.entries = List.copyOf(entries);
        this.unassessable = List.copyOf(unassessable);
        this.listed = List.copyOf(listed);
    }

    public Path path() {
        return path;
    }

    /** "CycloneDX 1.6" or "SPDX-2.3". */
    public String format() {
        return format;
    }

    public boolean isCycloneDx() {
        return format.startsWith("CycloneDX");
    }

    public JsonNode root() {
        return root;
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Components that cannot be matched (no version, no purl or CPE), each with its pointer and why. */
    public List<String> unassessable() {
        return unassessable;
    }

    public List<Listed> listed() {
        return listed;
    }

    /** The document's name for what it describes: CycloneDX metadata.component, SPDX name. */
    public String subject() {
        if (isCycloneDx()) {
            JsonNode c = root.path("metadata").path("component");
            String n = c.path("name").asText("");
            String v = c.path("version").asText("");
            return n.isEmpty() ? path.getFileName().toString() : v.isEmpty() ? n : n + " " + v;
        }
        return root.path("name").asText(path.getFileName().toString());
    }

    public static SbomDocument read(Path file) throws IOException, SbomFormatException {
        if (!Files.isRegularFile(file)) {
            throw new SbomFormatException(file + ": no such file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new SbomFormatException(file.getFileName() + ": larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build()).build());
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new SbomFormatException(file.getFileName() + ": not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.CharConversionException e) {
            // bytes that are not UTF-8/16/32 text (Jackson's encoding detection), found by fuzzing
            throw new SbomFormatException(file.getFileName() + ": not valid JSON text: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new SbomFormatException(file.getFileName() + ": /: an SBOM is a JSON object");
        }
        if ("CycloneDX".equals(root.path("bomFormat").asText(""))) {
            String spec = root.path("specVersion").asText("");
            if (!CYCLONEDX_VERSION.matcher(spec).matches()) {
                throw new SbomFormatException(file.getFileName() + ": /specVersion: CycloneDX " + spec
                        + " is not read (1.4 to 1.6 are)");
            }
            return cycloneDx(file, root, "CycloneDX " + spec);
        }
        if (root.path("spdxVersion").asText("").equals("SPDX-2.3")) {
            return spdx(file, root);
        }
        if (root.has("spdxVersion")) {
            throw new SbomFormatException(file.getFileName() + ": /spdxVersion: " + root.path("spdxVersion").asText()
                    + " is not read (SPDX-2.3 is)");
        }
        throw new SbomFormatException(file.getFileName() + ": neither a CycloneDX BOM (bomFormat) nor an SPDX 2.3 "
                + "document (spdxVersion)");
    }

    private static SbomDocument cycloneDx(Path file, JsonNode root, String format) throws SbomFormatException {
        List<Entry> entries = new ArrayList<>();
        List<String> unassessable = new ArrayList<>();
        String name = file.getFileName().toString();
        walkComponents(name, root.get("components"), "/components", entries, unassessable);
        List<Listed> listed = new ArrayList<>();
        JsonNode vulns = root.get("vulnerabilities");
        if (vulns != null) {
            array(name, vulns, "/vulnerabilities");
            for (int i = 0; i < vulns.size(); i++) {
                JsonNode v = vulns.get(i);
                String id = v.path("id").asText("");
                if (id.isEmpty()) {
                    throw new SbomFormatException(name + ": /vulnerabilities/" + i + "/id: missing");
                }
                Optional<String> state = Optional.ofNullable(v.path("analysis").path("state").textValue());
                JsonNode affects = v.get("affects");
                if (affects != null) {
                    array(name, affects, "/vulnerabilities/" + i + "/affects");
                    for (JsonNode a : affects) {
                        listed.add(new Listed(id, a.path("ref").asText(""), state));
                    }
                }
            }
        }
        return new SbomDocument(file, format, root, entries, unassessable, listed);
    }

    private static void walkComponents(String name, JsonNode list, String pointer, List<Entry> out,
                                       List<String> unassessable) throws SbomFormatException {
        if (list == null) {
            return;
        }
        array(name, list, pointer);
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String at = pointer + "/" + i;
            if (!c.isObject()) {
                throw new SbomFormatException(name + ": " + at + ": a component is an object");
            }
            if (out.size() >= MAX_COMPONENTS) {
                throw new SbomFormatException(name + ": more than " + MAX_COMPONENTS + " components");
            }
            String n = c.path("name").asText("");
            if (n.isEmpty()) {
                throw new SbomFormatException(name + ": " + at + "/name: missing");
            }
            String version = c.path("version").asText("");
            Optional<String> purl = text(c, "purl");
            Optional<String> cpe = text(c, "cpe");
            String ref = c.path("bom-ref").asText(at);
            String type = c.path("type").asText("library");
            // crypto assets and files (a CBOM's users, Syft's file entries) are not software components to match
            if (!type.equals("cryptographic-asset") && !type.equals("file")) {
                add(n, version, purl, cpe, source(c, purl), ref, at, out, unassessable);
            }
            walkComponents(name, c.get("components"), at + "/components", out, unassessable);
        }
    }

    private static SbomDocument spdx(Path file, JsonNode root) throws SbomFormatException {
        String name = file.getFileName().toString();
        List<Entry> entries = new ArrayList<>();
        List<String> unassessable = new ArrayList<>();
        JsonNode packages = root.get("packages");
        if (packages != null) {
            array(name, packages, "/packages");
            for (int i = 0; i < packages.size(); i++) {
                JsonNode p = packages.get(i);
                String at = "/packages/" + i;
                if (!p.isObject()) {
                    throw new SbomFormatException(name + ": " + at + ": a package is an object");
                }
                String n = p.path("name").asText("");
                if (n.isEmpty()) {
                    throw new SbomFormatException(name + ": " + at + "/name: missing");
                }
                Optional<String> purl = Optional.empty();
                Optional<String> cpe = Optional.empty();
                JsonNode refs = p.get("externalRefs");
                if (refs != null) {
                    array(name, refs, at + "/externalRefs");
                    for (JsonNode r : refs) {
                        String t = r.path("referenceType").asText("");
                        String loc = r.path("referenceLocator").asText("");
                        if (t.equals("purl") && purl.isEmpty() && !loc.isEmpty()) {
                            purl = Optional.of(loc);
                        } else if ((t.equals("cpe23Type") || t.equals("cpe22Type")) && cpe.isEmpty() && !loc.isEmpty()) {
                            cpe = Optional.of(loc);
                        }
                    }
                }
                add(n, p.path("versionInfo").asText(""), purl, cpe, sourceOf(purl, ""), p.path("SPDXID").asText(at), at,
                        entries, unassessable);
            }
        }
        return new SbomDocument(file, "SPDX-2.3", root, entries, unassessable, List.of());
    }

    private static void add(String n, String version, Optional<String> purl, Optional<String> cpe, String source,
                            String ref, String at, List<Entry> out, List<String> unassessable) {
        if (version.isEmpty() && purl.map(p -> !p.contains("@")).orElse(true)) {
            unassessable.add(at + " (" + n + "): no version");
            return;
        }
        if (purl.isEmpty() && cpe.isEmpty()) {
            unassessable.add(at + " (" + n + " " + version + "): neither a purl nor a CPE to match by");
            return;
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("sbomPointer", at);
        out.add(new Entry(ref, new Component(n, version, purl, cpe, source, at, ev), at));
    }

    /** How matching treats the component: medsec's own identifiedBy property, else the purl's package type. */
    private static String source(JsonNode c, Optional<String> purl) {
        String identifiedBy = "";
        JsonNode props = c.get("properties");
        if (props != null && props.isArray()) {
            for (JsonNode p : props) {
                if ("medsec:identifiedBy".equals(p.path("name").asText())) {
                    identifiedBy = p.path("value").asText("");
                }
            }
        }
        return sourceOf(purl, identifiedBy);
    }

    private static String sourceOf(Optional<String> purl, String identifiedBy) {
        if (!identifiedBy.isEmpty()) {
            return identifiedBy;
        }
        String p = purl.orElse("");
        // distribution packages are matched by their distribution's advisories only, as in a scan
        if (p.startsWith("pkg:deb/")) {
            return "dpkg";
        }
        if (p.startsWith("pkg:apk/")) {
            return "apk";
        }
        if (p.startsWith("pkg:rpm/")) {
            return "rpm";
        }
        return "sbom";
    }

    private static Optional<String> text(JsonNode c, String field) {
        JsonNode v = c.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static void array(String name, JsonNode n, String pointer) throws SbomFormatException {
        if (!n.isArray()) {
            throw new SbomFormatException(name + ": " + pointer + ": expected an array, found " + n.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
