package dev.medsec.sbom.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.core.Component;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.sbom.crypto.CryptoAsset;
import dev.medsec.sbom.crypto.CryptoBom;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.component.crypto.AlgorithmProperties;
import org.cyclonedx.model.component.crypto.CertificateProperties;
import org.cyclonedx.model.component.crypto.CryptoProperties;
import org.cyclonedx.model.component.crypto.ProtocolProperties;
import org.cyclonedx.model.component.crypto.RelatedCryptoMaterialProperties;
import org.cyclonedx.model.component.crypto.enums.AssetType;
import org.cyclonedx.model.component.crypto.enums.CryptoFunction;
import org.cyclonedx.model.component.crypto.enums.ExecutionEnvironment;
import org.cyclonedx.model.component.crypto.enums.ImplementationPlatform;
import org.cyclonedx.model.component.crypto.enums.Mode;
import org.cyclonedx.model.component.crypto.enums.Padding;
import org.cyclonedx.model.component.crypto.enums.Primitive;
import org.cyclonedx.model.component.crypto.enums.ProtocolType;
import org.cyclonedx.model.component.crypto.enums.RelatedCryptoMaterialType;
import org.cyclonedx.model.component.evidence.Occurrence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The CycloneDX 1.6 rendering of a {@link CryptoBom}: {@code cryptographic-asset} components, the crypto libraries
 * as {@code library} components with {@code dependencies[].provides}, and the files using them with
 * {@code dependencies[].dependsOn}.
 *
 * <p>cyclonedx-core-java 9.0.5 models neither {@code dependencies[].provides} (its {@code Component.provides} is
 * written where the 1.6 schema forbids it) nor {@code certificationLevel} and {@code protocolProperties.cryptoRefArray}
 * as the arrays 1.6 requires; the writer never sets those through the library and adds them to the generated JSON
 * tree instead ({@link #patch}). The output is validated against the 1.6 schema in the tests.
 */
final class CryptoComponents {
    private static final long MAX_LIST_BYTES = 16L << 20;

    private final Map<String, List<String>> provides = new LinkedHashMap<>();
    private final Map<String, List<String>> certificationLevels = new LinkedHashMap<>();
    private final Map<String, List<String>> protocolRefs = new LinkedHashMap<>();

    private CryptoComponents() {
    }

    /**
     * Adds the crypto BOM to {@code components} and {@code dependencies}; the returned object patches the generated
     * JSON with what the library cannot write.
     */
    static CryptoComponents add(Image image, List<SbomWriter.Entry> entries, CryptoBom crypto,
                                List<org.cyclonedx.model.Component> components, List<Dependency> dependencies) {
        CryptoComponents out = new CryptoComponents();
        if (crypto.isEmpty()) {
            return out;
        }
        Map<String, String> refByPath = new HashMap<>();
        for (SbomWriter.Entry e : entries) {
            refByPath.putIfAbsent(e.component().path(), e.ref());
        }
        Ownership owners = new Ownership(image, entries);
        Map<String, String> libraryRefs = new LinkedHashMap<>();
        for (CryptoBom.Provider p : crypto.providers()) {
            String ref = refByPath.get(p.path());
            if (ref == null) {
                ref = owners.owner(p.path()).orElse(null);
            }
            if (ref == null) {
                ref = "crypto-library:" + p.path();
                refByPath.put(p.path(), ref);
                org.cyclonedx.model.Component lib = new org.cyclonedx.model.Component();
                lib.setType(org.cyclonedx.model.Component.Type.LIBRARY);
                lib.setBomRef(ref);
                lib.setName(p.name());
                p.version().ifPresent(lib::setVersion);
                // a crypto library found by its API or soname whose binary names no version: said, not left blank
                lib.setProperties(p.version().isPresent() ? List.of(property("medsec:identifiedBy", "crypto-api"))
                        : List.of(property("medsec:identifiedBy", "crypto-api"), property("medsec:identification",
                        "unidentified: no version found in " + p.path())));
                lib.setEvidence(occurrences(List.of(p.path())));
                components.add(lib);
            }
            libraryRefs.put(p.path(), ref);
            out.provides.computeIfAbsent(ref, k -> new ArrayList<>());
            for (String a : p.provides()) {
                if (!out.provides.get(ref).contains(a)) {
                    out.provides.get(ref).add(a);
                }
            }
        }
        for (String ref : out.provides.keySet()) {
            // one entry per ref: the component's own (from the package graph) is reused
            if (dependencies.stream().noneMatch(x -> x.getRef().equals(ref))) {
                dependencies.add(new Dependency(ref));
            }
        }
        for (CryptoBom.User u : crypto.users()) {
            // a crypto library that uses another (GnuTLS on Nettle) is linked through its own library component
            String ref = libraryRefs.containsKey(u.path()) ? libraryRefs.get(u.path()) : refByPath.get(u.path());
            if (ref == null) {
                ref = "file:" + u.path();
                refByPath.put(u.path(), ref);
                org.cyclonedx.model.Component file = new org.cyclonedx.model.Component();
                file.setType(org.cyclonedx.model.Component.Type.FILE);
                file.setBomRef(ref);
                file.setName(u.path().substring(u.path().lastIndexOf('/') + 1));
                file.setEvidence(occurrences(List.of(u.path())));
                components.add(file);
            }
            Set<String> on = new LinkedHashSet<>();
            for (String lib : u.libraryPaths()) {
                String l = libraryRefs.get(lib);
                if (l != null && !l.equals(ref)) {
                    on.add(l);
                }
            }
            on.addAll(u.assetRefs());
            if (on.isEmpty()) {
                continue;
            }
            String userRef = ref;
            Dependency d = dependencies.stream().filter(x -> x.getRef().equals(userRef)).findFirst().orElse(null);
            if (d == null) {
                d = new Dependency(ref);
                dependencies.add(d);
            }
            for (String r : on) {
                d.addDependency(new Dependency(r));
            }
        }
        for (CryptoAsset a : crypto.assets()) {
            components.add(out.asset(a));
        }
        return out;
    }

    private org.cyclonedx.model.Component asset(CryptoAsset a) {
        org.cyclonedx.model.Component c = new org.cyclonedx.model.Component();
        c.setType(org.cyclonedx.model.Component.Type.CRYPTOGRAPHIC_ASSET);
        c.setBomRef(a.ref());
        c.setName(a.name());
        CryptoProperties cp = new CryptoProperties();
        a.oid().ifPresent(cp::setOid);
        if (a instanceof CryptoAsset.Algorithm x) {
            cp.setAssetType(AssetType.ALGORITHM);
            AlgorithmProperties ap = new AlgorithmProperties();
            ap.setPrimitive(byName(Primitive.values(), Primitive::getName, x.primitive().cdx(), Primitive.UNKNOWN));
            x.mode().ifPresent(m -> ap.setMode(byName(Mode.values(), Mode::getName, m, Mode.OTHER)));
            x.padding().ifPresent(p -> ap.setPadding(byName(Padding.values(), Padding::getName, p, Padding.OTHER)));
            x.parameterSetIdentifier().ifPresent(ap::setParameterSetIdentifier);
            x.curve().ifPresent(ap::setCurve);
            x.nistQuantumSecurityLevel().ifPresent(ap::setNistQuantumSecurityLevel);
            if (!x.functions().isEmpty()) {
                ap.setCryptoFunctions(x.functions().stream()
                        .map(f -> byName(CryptoFunction.values(), CryptoFunction::getName, f.cdx(), CryptoFunction.OTHER)).toList());
            }
            x.executionEnvironment().ifPresent(e -> ap.setExecutionEnvironment(
                    byName(ExecutionEnvironment.values(), ExecutionEnvironment::getName, e, ExecutionEnvironment.OTHER)));
            x.implementationPlatform().ifPresent(p -> ap.setImplementationPlatform(
                    byName(ImplementationPlatform.values(), ImplementationPlatform::getName,
                    p, ImplementationPlatform.OTHER)));
            x.certificationLevel().ifPresent(l -> certificationLevels.put(x.ref(), List.of(l)));
            cp.setAlgorithmProperties(ap);
        } else if (a instanceof CryptoAsset.Certificate x) {
            cp.setAssetType(AssetType.CERTIFICATE);
            CertificateProperties p = new CertificateProperties();
            p.setSubjectName(x.subjectName());
            p.setIssuerName(x.issuerName());
            p.setNotValidBefore(instant(x.notValidBefore()));
            p.setNotValidAfter(instant(x.notValidAfter()));
            p.setSignatureAlgorithmRef(x.signatureAlgorithmRef());
            p.setSubjectPublicKeyRef(x.subjectPublicKeyRef());
            p.setCertificateFormat(x.certificateFormat());
            p.setCertificateExtension(x.certificateExtension());
            cp.setCertificateProperties(p);
        } else if (a instanceof CryptoAsset.PublicKey x) {
            cp.setAssetType(AssetType.RELATED_CRYPTO_MATERIAL);
            RelatedCryptoMaterialProperties p = new RelatedCryptoMaterialProperties();
            p.setType(RelatedCryptoMaterialType.PUBLIC_KEY);
            p.setAlgorithmRef(x.algorithmRef());
            p.setSize(x.size());
            p.setFormat(x.format());
            cp.setRelatedCryptoMaterialProperties(p);
        } else if (a instanceof CryptoAsset.Protocol x) {
            cp.setAssetType(AssetType.PROTOCOL);
            ProtocolProperties p = new ProtocolProperties();
            p.setType(byName(ProtocolType.values(), ProtocolType::getName, x.type(), ProtocolType.OTHER));
            x.version().ifPresent(p::setVersion);
            cp.setProtocolProperties(p);
            // The library writes cryptoRefArray as an object (1.6: an array of refs): the algorithms are added to
            // the JSON tree by patch().
            if (!x.algorithmRefs().isEmpty()) {
                protocolRefs.put(x.ref(), x.algorithmRefs());
            }
        }
        c.setCryptoProperties(cp);
        List<Property> props = new ArrayList<>();
        new TreeMap<>(a.properties()).forEach((k, v) -> props.add(property(k, v)));
        if (!props.isEmpty()) {
            c.setProperties(props);
        }
        if (!a.locations().isEmpty()) {
            c.setEvidence(occurrences(a.locations()));
        }
        return c;
    }

    /** Adds what cyclonedx-core-java 9.0.5 cannot write to the generated BOM. */
    String patch(String json) throws IOException {
        if (provides.isEmpty() && certificationLevels.isEmpty() && protocolRefs.isEmpty()) {
            return json;
        }
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        JsonNode root = mapper.readTree(json);
        for (JsonNode d : root.path("dependencies")) {
            List<String> p = provides.get(d.path("ref").asText());
            if (p != null && !p.isEmpty() && d instanceof ObjectNode o) {
                ArrayNode arr = o.putArray("provides");
                p.forEach(arr::add);
            }
        }
        for (JsonNode c : root.path("components")) {
            List<String> levels = certificationLevels.get(c.path("bom-ref").asText());
            JsonNode ap = c.path("cryptoProperties").path("algorithmProperties");
            if (levels != null && ap instanceof ObjectNode o) {
                ArrayNode arr = o.putArray("certificationLevel");
                levels.forEach(arr::add);
            }
            List<String> refs = protocolRefs.get(c.path("bom-ref").asText());
            JsonNode pp = c.path("cryptoProperties").path("protocolProperties");
            if (refs != null && pp instanceof ObjectNode o) {
                ArrayNode arr = o.putArray("cryptoRefArray");
                refs.forEach(arr::add);
            }
        }
        return mapper.writeValueAsString(root);
    }

    private static String instant(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static org.cyclonedx.model.Evidence occurrences(List<String> paths) {
        org.cyclonedx.model.Evidence ev = new org.cyclonedx.model.Evidence();
        List<Occurrence> occ = new ArrayList<>();
        for (String p : paths) {
            Occurrence o = new Occurrence();
            o.setLocation(p);
            occ.add(o);
        }
        ev.setOccurrences(occ);
        return ev;
    }

    private static Property property(String name, String value) {
        Property p = new Property();
        p.setName(name);
        p.setValue(value);
        return p;
    }

    /** The library's enum constant whose schema name is {@code name}. */
    private static <E extends Enum<E>> E byName(E[] values, java.util.function.Function<E, String> schemaName,
                                                String name, E fallback) {
        for (E e : values) {
            if (schemaName.apply(e).equals(name)) {
                return e;
            }
        }
        return fallback;
    }

    /**
     * Which package component owns an image file, from the dpkg/opkg file lists beside the package database the
     * component was read from. Lists are read only when a library is not itself a component, once each.
     */
    private static final class Ownership {
        private final Image image;
        private final List<SbomWriter.Entry> entries;
        private Map<String, String> ownerByFile;

        Ownership(Image image, List<SbomWriter.Entry> entries) {
            this.image = image;
            this.entries = entries;
        }

        Optional<String> owner(String path) {
            if (ownerByFile == null) {
                ownerByFile = new HashMap<>();
                for (SbomWriter.Entry e : entries) {
                    read(e);
                }
            }
            Optional<Artifact> a = image.get(path);
            String layer = a.map(Artifact::layer).orElse("");
            String inner = a.map(Artifact::innerPath).orElse(path);
            return Optional.ofNullable(ownerByFile.get(layer + "\n" + fold(inner)));
        }

        private void read(SbomWriter.Entry e) {
            Component c = e.component();
            String db = c.source().equals("dpkg") ? "/var/lib/dpkg/status" : c.source().equals("opkg") ? "/status" : "";
            if (db.isEmpty() || !c.path().endsWith(db)) {
                return;
            }
            Optional<Artifact> status = image.get(c.path());
            if (status.isEmpty()) {
                return;
            }
            String dir = c.path().substring(0, c.path().length() - "status".length())
                    + "info/";
            Object arch = c.evidence().get("architecture");
            List<String> candidates = new ArrayList<>();
            candidates.add(dir + c.name() + ".list");
            if (arch != null) {
                candidates.add(dir + c.name() + ":" + arch + ".list");
            }
            for (String list : candidates) {
                Optional<Artifact> l = image.get(list);
                if (l.isEmpty() || !l.get().hasContent() || l.get().size() > MAX_LIST_BYTES) {
                    continue;
                }
                try (InputStream in = l.get().open()) {
                    String text = new String(in.readNBytes((int) l.get().size()), StandardCharsets.UTF_8);
                    for (String line : text.split("\n")) {
                        if (!line.isEmpty()) {
                            ownerByFile.putIfAbsent(status.get().layer() + "\n" + fold(line.strip()), e.ref());
                        }
                    }
                } catch (IOException ex) {
                    // An unreadable list only means the library is written as a component of its own.
                }
            }
        }

        /** Merged /usr: "/lib/x" and "/usr/lib/x" are the same file. */
        private static String fold(String p) {
            for (String d : List.of("/usr/lib/", "/usr/bin/", "/usr/sbin/", "/usr/lib64/", "/usr/lib32/")) {
                if (p.startsWith(d)) {
                    return p.substring(4);
                }
            }
            return p;
        }
    }
}
