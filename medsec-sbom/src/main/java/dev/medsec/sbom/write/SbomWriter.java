package dev.medsec.sbom.write;

import dev.medsec.profile.DeviceProfile;
import dev.medsec.profile.InvalidProfileException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.core.Component;
import dev.medsec.core.Finding;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.sbom.crypto.CryptoBom;
import dev.medsec.sbom.eol.EndOfSupportData;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.OrganizationalContact;
import org.cyclonedx.model.OrganizationalEntity;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.evidence.Occurrence;
import org.cyclonedx.model.vulnerability.Vulnerability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Writes the image's components as a CycloneDX 1.6 JSON BOM (through cyclonedx-core-java) or an SPDX 2.3 JSON
 * document. Each component carries purl, CPE, supplier, SHA-256 of the file it was identified in (when that
 * file is the component itself, not a package database), the image paths, and the FDA premarket fields: level
 * of support and end-of-support date, from the end-of-support data.
 *
 * <p>Output is deterministic: the serial number and the document namespace derive from the components, and the
 * timestamp is the scan's reference time, so the same image gives the same bytes.
 */
public final class SbomWriter {
    private static final Set<String> DATABASE_SOURCES = Set.of("dpkg", "opkg", "apk", "rpm");
    private static final String TOOL = "medsec";

    private SbomWriter() {
    }

    /**
     * What the caller knows about the document beyond the image: the tool's version and the SHA-256 of the scanned
     * target (the firmware file, or the digest of a directory's files), for the root component and the tool entry.
     */
    public record Subject(String toolVersion, Optional<String> targetSha256) {
        public static final Subject UNKNOWN = new Subject("", Optional.empty());
    }

    /** The profile's identity of the device: manufacturer, product and SBOM authors, when a profile names them. */
    private record Identity(Optional<DeviceProfile.Manufacturer> manufacturer, Optional<DeviceProfile.Product> product,
                            List<String> authors) {
        static Identity of(Image image) {
            try {
                Optional<DeviceProfile> p = DeviceProfile.of(image);
                return new Identity(p.flatMap(DeviceProfile::manufacturer), p.flatMap(DeviceProfile::product),
                        p.map(DeviceProfile::sbomAuthors).orElse(List.of()));
            } catch (InvalidProfileException e) {
                // the scan refused an invalid profile before it started; a caller without one gets no identity
                return new Identity(Optional.empty(), Optional.empty(), List.of());
            }
        }
    }

    /** A component as written: the core component plus what the writers add. */
    record Entry(Component component, String ref, Optional<String> sha256, Optional<String> supplier,
                 String supportLevel, Optional<LocalDate> endOfSupport) {
    }

    public static void writeCycloneDx(Image image, Path out) throws IOException {
        Files.writeString(out, cycloneDxJson(image), StandardCharsets.UTF_8);
    }

    /**
     * The BOM plus a {@code vulnerabilities} section from the scan's soup.known-vulnerability findings, each with
     * the VEX analysis carried into it (state, justification, detail) when a VEX statement applied.
     */
    public static void writeCycloneDx(Image image, List<Finding> findings, Path out) throws IOException {
        Files.writeString(out, cycloneDxJson(image, findings), StandardCharsets.UTF_8);
    }

    /**
     * The BOM with vulnerabilities plus the image's cryptographic bill of materials (CycloneDX 1.6 CBOM):
     * {@code cryptographic-asset} components, {@code provides} from the crypto libraries and {@code dependsOn} from
     * the files that use them.
     */
    public static void writeCycloneDx(Image image, List<Finding> findings, CryptoBom crypto, Path out)
            throws IOException {
        Files.writeString(out, cycloneDxJson(image, findings, crypto), StandardCharsets.UTF_8);
    }

    public static void writeCycloneDx(Image image, List<Finding> findings, CryptoBom crypto, Subject subject, Path out)
            throws IOException {
        Files.writeString(out, cycloneDxJson(image, findings, crypto, subject), StandardCharsets.UTF_8);
    }

    public static void writeSpdx(Image image, Path out) throws IOException {
        Files.writeString(out, spdxJson(image), StandardCharsets.UTF_8);
    }

    public static void writeSpdx(Image image, Subject subject, Path out) throws IOException {
        Files.writeString(out, spdxJson(image, subject), StandardCharsets.UTF_8);
    }

    static List<Entry> entries(Image image) throws IOException {
        EndOfSupportData eol = EndOfSupportData.builtIn();
        String extra = image.settings().endOfSupport().map(Path::toString).orElse(null);
        if (extra != null && !extra.isBlank()) {
            eol = eol.with(Path.of(extra));
        }
        LocalDate today = LocalDate.ofInstant(image.settings().now(), ZoneOffset.UTC);
        List<Entry> out = new ArrayList<>();
        Map<String, Integer> refs = new LinkedHashMap<>();
        for (Component c : image.components()) {
            String base = c.bomRef();
            int n = refs.merge(base, 1, Integer::sum);
            String ref = n == 1 ? base : base + "#" + n;
            Optional<String> sha = Optional.empty();
            if (!DATABASE_SOURCES.contains(c.source())) {
                Optional<Artifact> a = image.get(c.path());
                if (a.isPresent() && a.get().hasContent()) {
                    sha = Optional.of(sha256(a.get()));
                }
            }
            Optional<String> supplier = Optional.ofNullable(c.evidence().get("supplier")).map(Object::toString);
            Optional<EndOfSupportData.Entry> e = eol.lookup(c);
            String level = dev.medsec.sbom.eol.SupportLevel.of(c, e, today);
            out.add(new Entry(c, ref, sha, supplier, level, e.map(EndOfSupportData.Entry::eol)));
        }
        return out;
    }

    private static String sha256(Artifact a) throws IOException {
        try (InputStream in = a.open()) {
            return dev.medsec.core.Digests.sha256Hex(in);
        }
    }

    private static UUID documentId(List<Entry> entries, String target) {
        StringBuilder sb = new StringBuilder(target);
        for (Entry e : entries) {
            sb.append('\n').append(e.ref()).append(' ').append(e.component().version()).append(' ')
                    .append(e.sha256().orElse(""));
        }
        return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static String cycloneDxJson(Image image) throws IOException {
        return cycloneDxJson(image, List.of());
    }

    static String cycloneDxJson(Image image, List<Finding> findings) throws IOException {
        return cycloneDxJson(image, findings, CryptoBom.empty());
    }

    static String cycloneDxJson(Image image, List<Finding> findings, CryptoBom crypto) throws IOException {
        return cycloneDxJson(image, findings, crypto, Subject.UNKNOWN);
    }

    public static String cycloneDxJson(Image image, List<Finding> findings, CryptoBom crypto, Subject about)
            throws IOException {
        List<Entry> entries = entries(image);
        Identity id = Identity.of(image);
        Bom bom = new Bom();
        String serialSeed = image.target() + crypto.assets().stream().map(a -> "\n" + a.ref())
                .reduce("", String::concat);
        bom.setSerialNumber("urn:uuid:" + documentId(entries, serialSeed));
        bom.setVersion(1);
        Metadata md = new Metadata();
        md.setTimestamp(Date.from(image.settings().now()));
        org.cyclonedx.model.Component tool = new org.cyclonedx.model.Component();
        tool.setType(org.cyclonedx.model.Component.Type.APPLICATION);
        tool.setName(TOOL);
        if (!about.toolVersion().isEmpty()) {
            tool.setVersion(about.toolVersion());
        }
        org.cyclonedx.model.metadata.ToolInformation tools = new org.cyclonedx.model.metadata.ToolInformation();
        tools.setComponents(List.of(tool));
        md.setToolChoice(tools);
        // FDA / NTIA minimum elements: the SBOM's author, the supplier, and the firmware with version and hash
        List<OrganizationalContact> authors = new ArrayList<>();
        for (String a : id.authors()) {
            OrganizationalContact c = new OrganizationalContact();
            c.setName(a);
            authors.add(c);
        }
        if (authors.isEmpty()) {
            OrganizationalContact c = new OrganizationalContact();
            c.setName(id.manufacturer().map(DeviceProfile.Manufacturer::name).orElse(TOOL + " (automated; the device "
                    + "profile names no manufacturer)"));
            authors.add(c);
        }
        md.setAuthors(authors);
        id.manufacturer().ifPresent(m -> {
            md.setManufacturer(organization(m));
            md.setSupplier(organization(m));
        });
        org.cyclonedx.model.Component subject = new org.cyclonedx.model.Component();
        subject.setType(org.cyclonedx.model.Component.Type.FIRMWARE);
        subject.setName(id.product().map(DeviceProfile.Product::name).orElse(subjectName(image)));
        id.product().flatMap(DeviceProfile.Product::version).ifPresent(subject::setVersion);
        about.targetSha256().ifPresent(h -> subject.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, h))));
        id.manufacturer().ifPresent(m -> {
            subject.setSupplier(organization(m));
            subject.setManufacturer(organization(m));
        });
        subject.setBomRef("target");
        md.setComponent(subject);
        bom.setMetadata(md);
        List<org.cyclonedx.model.Component> components = new ArrayList<>();
        for (Entry e : entries) {
            Component c = e.component();
            org.cyclonedx.model.Component x = new org.cyclonedx.model.Component();
            x.setType(c.name().equals("linux-kernel") ? org.cyclonedx.model.Component.Type.OPERATING_SYSTEM
                    : org.cyclonedx.model.Component.Type.LIBRARY);
            x.setBomRef(e.ref());
            x.setName(c.name());
            x.setVersion(c.version());
            c.purl().ifPresent(x::setPurl);
            c.cpe().ifPresent(x::setCpe);
            e.supplier().ifPresent(s -> {
                OrganizationalEntity org = new OrganizationalEntity();
                org.setName(s);
                x.setSupplier(org);
            });
            e.sha256().ifPresent(h -> x.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, h))));
            List<Property> props = new ArrayList<>();
            props.add(property("medsec:identifiedBy", c.source()));
            if (c.version().isBlank()) {
                // found (by a soname, a file name) but its version is not in the binary: said, not left blank
                props.add(property("medsec:identification", "unidentified: no version found in " + c.path()));
            }
            props.add(property("medsec:supportLevel", e.supportLevel()));
            e.endOfSupport().ifPresent(d -> props.add(property("medsec:endOfSupport", d.toString())));
            for (String k : List.of("sourcePackage", "sourceVersion", "classifier", "match", "architecture")) {
                Object v = c.evidence().get(k);
                if (v != null) {
                    props.add(property("medsec:evidence:" + k, v.toString()));
                }
            }
            x.setProperties(props);
            org.cyclonedx.model.Evidence ev = new org.cyclonedx.model.Evidence();
            Occurrence occ = new Occurrence();
            occ.setLocation(c.path());
            ev.setOccurrences(List.of(occ));
            x.setEvidence(ev);
            components.add(x);
        }
        List<Dependency> dependencies = new ArrayList<>();
        dependencyGraph(entries, dependencies);
        CryptoComponents cbom = CryptoComponents.add(image, entries, crypto, components, dependencies);
        bom.setComponents(components);
        if (!dependencies.isEmpty()) {
            bom.setDependencies(dependencies);
        }
        List<Vulnerability> vulns = vulnerabilities(entries, findings);
        if (!vulns.isEmpty()) {
            bom.setVulnerabilities(vulns);
        }
        try {
            return cbom.patch(BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString());
        } catch (GeneratorException e) {
            throw new IOException("cannot write CycloneDX: " + e.getMessage(), e);
        }
    }

    /**
     * The firmware depends on every component it ships; a package depends on the packages its metadata names
     * (dpkg Pre-Depends/Depends), when they are in the image too.
     */
    private static void dependencyGraph(List<Entry> entries, List<Dependency> out) {
        if (entries.isEmpty()) {
            return;
        }
        Dependency root = new Dependency("target");
        Map<String, String> refByPackage = new LinkedHashMap<>();
        for (Entry e : entries) {
            root.addDependency(new Dependency(e.ref()));
            if (DATABASE_SOURCES.contains(e.component().source())) {
                refByPackage.putIfAbsent(e.component().name(), e.ref());
            }
        }
        out.add(root);
        for (Entry e : entries) {
            Dependency d = new Dependency(e.ref());
            if (e.component().evidence().get("dependsOn") instanceof List<?> deps) {
                for (Object name : deps) {
                    String ref = refByPackage.get(String.valueOf(name));
                    if (ref != null && !ref.equals(e.ref())) {
                        d.addDependency(new Dependency(ref));
                    }
                }
            }
            out.add(d);
        }
    }

    /** The components a package depends on, by SPDX id (see {@link #dependencyGraph}). */
    private static Map<String, List<String>> dependsOnById(List<Entry> entries, List<String> ids) {
        Map<String, String> idByPackage = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (DATABASE_SOURCES.contains(entries.get(i).component().source())) {
                idByPackage.putIfAbsent(entries.get(i).component().name(), ids.get(i));
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).component().evidence().get("dependsOn") instanceof List<?> deps) {
                List<String> to = new ArrayList<>();
                for (Object name : deps) {
                    String other = idByPackage.get(String.valueOf(name));
                    if (other != null && !other.equals(ids.get(i))) {
                        to.add(other);
                    }
                }
                out.put(ids.get(i), to);
            }
        }
        return out;
    }

    private static OrganizationalEntity organization(DeviceProfile.Manufacturer m) {
        OrganizationalEntity org = new OrganizationalEntity();
        org.setName(m.name());
        m.url().ifPresent(u -> org.setUrls(List.of(u)));
        m.contact().ifPresent(c -> {
            OrganizationalContact contact = new OrganizationalContact();
            if (c.contains("@") && !c.contains("://")) {
                contact.setEmail(c);
            } else {
                contact.setName(c);
            }
            org.setContacts(List.of(contact));
        });
        return org;
    }

    private static String subjectName(Image image) {
        return Path.of(image.target()).getFileName() == null ? image.target()
                : Path.of(image.target()).getFileName().toString();
    }

    private static List<Vulnerability> vulnerabilities(List<Entry> entries, List<Finding> findings) {
        List<Vulnerability> out = new ArrayList<>();
        for (Finding f : findings) {
            if (!f.checkId().equals("soup.known-vulnerability")) {
                continue;
            }
            Map<String, Object> ev = f.evidence();
            Optional<Entry> entry = entries.stream().filter(e -> e.component().path().equals(f.path())
                    && e.component().name().equals(ev.get("component"))
                    && e.component().version().equals(ev.get("version"))).findFirst();
            if (entry.isEmpty()) {
                continue;
            }
            Vulnerability v = new Vulnerability();
            String id = String.valueOf(ev.get("vulnerability"));
            v.setId(id);
            Vulnerability.Source src = new Vulnerability.Source();
            src.setName(id.startsWith("CVE-") ? "NVD" : id.startsWith("GHSA-") ? "GitHub" : "OSV");
            v.setSource(src);
            v.setDescription(f.message());
            Vulnerability.Affect affect = new Vulnerability.Affect();
            affect.setRef(entry.get().ref());
            v.setAffects(List.of(affect));
            Object status = ev.get("vexStatus");
            if (status != null) {
                Vulnerability.Analysis a = new Vulnerability.Analysis();
                a.setState(analysisState(status.toString()));
                Object j = ev.get("vexJustification");
                if (j != null) {
                    justification(j.toString()).ifPresent(a::setJustification);
                }
                Object d = ev.get("vexDetail");
                a.setDetail(d != null ? d.toString() : "VEX " + status + (j != null ? " (" + j + ")" : "")
                        + " from " + ev.get("vexSource"));
                v.setAnalysis(a);
            }
            out.add(v);
        }
        return out;
    }

    private static Vulnerability.Analysis.State analysisState(String openVexStatus) {
        switch (openVexStatus) {
            case "not_affected":
                return Vulnerability.Analysis.State.NOT_AFFECTED;
            case "fixed":
                return Vulnerability.Analysis.State.RESOLVED;
            case "affected":
                return Vulnerability.Analysis.State.EXPLOITABLE;
            default:
                return Vulnerability.Analysis.State.IN_TRIAGE;
        }
    }

    /** OpenVEX justifications mapped to CycloneDX's; CycloneDX names pass through. */
    private static Optional<Vulnerability.Analysis.Justification> justification(String j) {
        switch (j) {
            case "component_not_present":
            case "vulnerable_code_not_present":
            case "code_not_present":
                return Optional.of(Vulnerability.Analysis.Justification.CODE_NOT_PRESENT);
            case "vulnerable_code_not_in_execute_path":
            case "code_not_reachable":
                return Optional.of(Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE);
            case "vulnerable_code_cannot_be_controlled_by_adversary":
            case "protected_at_runtime":
                return Optional.of(Vulnerability.Analysis.Justification.PROTECTED_AT_RUNTIME);
            case "inline_mitigations_already_exist":
            case "protected_by_mitigating_control":
                return Optional.of(Vulnerability.Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL);
            default:
                return Optional.ofNullable(Vulnerability.Analysis.Justification.fromString(j));
        }
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }

    static String spdxJson(Image image) throws IOException {
        return spdxJson(image, Subject.UNKNOWN);
    }

    public static String spdxJson(Image image, Subject about) throws IOException {
        List<Entry> entries = entries(image);
        Identity identity = Identity.of(image);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = json.createObjectNode();
        String name = Path.of(image.target()).getFileName() == null ? image.target()
                : Path.of(image.target()).getFileName().toString();
        doc.put("spdxVersion", "SPDX-2.3");
        doc.put("dataLicense", "CC0-1.0");
        doc.put("SPDXID", "SPDXRef-DOCUMENT");
        doc.put("name", name);
        doc.put("documentNamespace", "https://medsec.dev/spdxdocs/" + spdxIdPart(name) + "-"
                + documentId(entries, image.target()));
        ObjectNode ci = doc.putObject("creationInfo");
        ci.put("created", image.settings().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        ArrayNode creators = ci.putArray("creators");
        // SPDX creators: the organisation that authors the SBOM and the tool with its version
        for (String author : identity.authors()) {
            creators.add("Organization: " + author.replace("\n", " "));
        }
        if (identity.authors().isEmpty()) {
            identity.manufacturer().ifPresent(m -> creators.add("Organization: " + m.name().replace("\n", " ")
                    + m.contact().filter(c -> c.contains("@")).map(c -> " (" + c + ")").orElse("")));
        }
        creators.add("Tool: " + TOOL + (about.toolVersion().isEmpty() ? "" : "-" + about.toolVersion()));
        ArrayNode pkgs = doc.putArray("packages");
        ObjectNode root = pkgs.addObject();
        root.put("SPDXID", "SPDXRef-Package-target");
        root.put("name", identity.product().map(DeviceProfile.Product::name).orElse(name));
        identity.product().flatMap(DeviceProfile.Product::version).ifPresent(v -> root.put("versionInfo", v));
        identity.manufacturer().ifPresent(m -> {
            root.put("supplier", "Organization: " + m.name().replace("\n", " "));
            root.put("originator", "Organization: " + m.name().replace("\n", " "));
        });
        about.targetSha256().ifPresent(h -> {
            ObjectNode cs = root.putArray("checksums").addObject();
            cs.put("algorithm", "SHA256");
            cs.put("checksumValue", h);
        });
        root.put("downloadLocation", "NOASSERTION");
        root.put("filesAnalyzed", false);
        root.put("primaryPackagePurpose", "FIRMWARE");
        ArrayNode rels = doc.putArray("relationships");
        ObjectNode describes = rels.addObject();
        describes.put("spdxElementId", "SPDXRef-DOCUMENT");
        describes.put("relationshipType", "DESCRIBES");
        describes.put("relatedSpdxElement", "SPDXRef-Package-target");
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < entries.size(); k++) {
            ids.add("SPDXRef-Package-" + (k + 1) + "-" + spdxIdPart(entries.get(k).component().name()));
        }
        int i = 0;
        for (Entry e : entries) {
            Component c = e.component();
            String id = ids.get(i++);
            ObjectNode p = pkgs.addObject();
            p.put("SPDXID", id);
            p.put("name", c.name());
            p.put("versionInfo", c.version().isBlank() ? "NOASSERTION" : c.version());
            p.put("supplier", e.supplier().map(s -> "Organization: " + s.replace("\n", " ")).orElse("NOASSERTION"));
            p.put("downloadLocation", "NOASSERTION");
            p.put("filesAnalyzed", false);
            p.put("licenseConcluded", "NOASSERTION");
            p.put("licenseDeclared", "NOASSERTION");
            p.put("copyrightText", "NOASSERTION");
            p.put("primaryPackagePurpose", c.name().equals("linux-kernel") ? "OPERATING-SYSTEM" : "LIBRARY");
            p.put("sourceInfo", "identified by " + c.source() + " from " + c.path());
            e.endOfSupport().ifPresent(d -> p.put("validUntilDate", d + "T00:00:00Z"));
            p.put("comment", "level of support: " + e.supportLevel()
                    + (c.version().isBlank() ? "; unidentified: no version found in " + c.path() : ""));
            e.sha256().ifPresent(h -> {
                ObjectNode cs = p.putArray("checksums").addObject();
                cs.put("algorithm", "SHA256");
                cs.put("checksumValue", h);
            });
            ArrayNode refs = p.putArray("externalRefs");
            c.purl().ifPresent(u -> {
                ObjectNode r = refs.addObject();
                r.put("referenceCategory", "PACKAGE-MANAGER");
                r.put("referenceType", "purl");
                r.put("referenceLocator", u);
            });
            c.cpe().ifPresent(u -> {
                ObjectNode r = refs.addObject();
                r.put("referenceCategory", "SECURITY");
                r.put("referenceType", "cpe23Type");
                r.put("referenceLocator", u);
            });
            ObjectNode contains = rels.addObject();
            contains.put("spdxElementId", "SPDXRef-Package-target");
            contains.put("relationshipType", "CONTAINS");
            contains.put("relatedSpdxElement", id);
        }
        // the same dependency facts as the CycloneDX BOM: the firmware on each component, packages on packages
        for (String id : ids) {
            ObjectNode dep = rels.addObject();
            dep.put("spdxElementId", "SPDXRef-Package-target");
            dep.put("relationshipType", "DEPENDS_ON");
            dep.put("relatedSpdxElement", id);
        }
        dependsOnById(entries, ids).forEach((from, tos) -> {
            for (String to : tos) {
                ObjectNode dep = rels.addObject();
                dep.put("spdxElementId", from);
                dep.put("relationshipType", "DEPENDS_ON");
                dep.put("relatedSpdxElement", to);
            }
        });
        return json.writeValueAsString(doc);
    }

    /** SPDX ids allow letters, digits, '.' and '-' only. */
    private static String spdxIdPart(String s) {
        String r = s.replaceAll("[^A-Za-z0-9.-]", "-");
        return r.isEmpty() ? "x" : r;
    }
}
