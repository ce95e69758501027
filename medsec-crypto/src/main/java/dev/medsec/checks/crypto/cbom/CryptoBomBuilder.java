package dev.medsec.checks.crypto.cbom;

import dev.medsec.checks.crypto.cert.CertInfo;
import dev.medsec.checks.crypto.cert.CertificateContainers;
import dev.medsec.checks.crypto.elf.VettedLibrary;
import dev.medsec.core.Finding;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.ElfMachine;
import dev.medsec.elf.Symbol;
import dev.medsec.sbom.crypto.CryptoAsset;
import dev.medsec.sbom.crypto.CryptoBom;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the image's crypto bill of materials from what the crypto checks read (the cached ELF and certificate
 * views, so after a scan it costs little): the vetted crypto libraries (by exported API) and the algorithms they
 * provide, the binaries that link them and the algorithms each selects through its imports (weak ones included:
 * every symbol of the weak-primitive check maps to an algorithm), and every certificate with its signature
 * algorithm and public key, and the TLS/SSH protocol versions the server configurations enable.
 *
 * <p>"Provides" is what the image shows: a library provides an algorithm when a binary linking it imports that
 * algorithm's function and the library exports it. A library's full algorithm list cannot be read from its
 * exports (OpenSSL 3 selects most algorithms by name at run time), so it is not claimed.
 */
public final class CryptoBomBuilder {
    static final String ALGORITHM_REF = "crypto:algorithm:";

    private final AlgorithmTable table = AlgorithmTable.builtIn();
    private final Map<String, AlgorithmUse> algorithms = new TreeMap<>();
    private final Map<String, CryptoAsset> certificates = new TreeMap<>();
    private final Map<String, CryptoAsset> keys = new TreeMap<>();
    private final Map<String, Set<String>> certLocations = new HashMap<>();
    /** CertificateContainers found in a system trust store directory: trust anchors, not the device's own identity. */
    private final Set<String> trustAnchors = new HashSet<>();

    private CryptoBomBuilder() {
    }

    /** The crypto BOM of {@code image}; empty when the image carries no crypto this stage recognises. */
    public static CryptoBom of(Image image) {
        return new CryptoBomBuilder().build(image, List.of());
    }

    /**
     * The crypto BOM plus what only the scan's checks found: the weak algorithms Java classes select
     * ({@code crypto.java-weak-cipher}, {@code -weak-digest}, {@code -weak-signature}), with each class as a user,
     * and the primitives binaries implement themselves ({@code crypto.homemade-crypto}).
     */
    public static CryptoBom of(Image image, List<Finding> findings) {
        return new CryptoBomBuilder().build(image, findings);
    }

    /** An algorithm seen in the image: its definition, where it was seen, through which symbols, on which CPUs. */
    private static final class AlgorithmUse {
        final AlgorithmTable.Definition def;
        final Set<String> locations = new TreeSet<>();
        final Set<String> symbols = new TreeSet<>();
        final Set<String> platforms = new TreeSet<>();
        final Set<String> javaNames = new TreeSet<>();
        final Set<String> tables = new TreeSet<>();
        Optional<String> curve = Optional.empty();

        AlgorithmUse(AlgorithmTable.Definition def) {
            this.def = def;
        }

        /** The name as a bom-ref: "TEA/XTEA (home-made)" gives crypto:algorithm:TEA/XTEA-home-made. */
        String ref() {
            return ALGORITHM_REF + def.name().replaceAll("[^A-Za-z0-9._/+-]+", "-").replaceAll("-+$", "");
        }

        CryptoAsset.Algorithm asset() {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("medsec:policy", def.policy());
            props.put("medsec:policySource", def.source());
            if (!symbols.isEmpty()) {
                props.put("medsec:symbols", String.join(" ", symbols));
            }
            if (!javaNames.isEmpty()) {
                props.put("medsec:jcaNames", String.join(" ", javaNames));
            }
            if (!tables.isEmpty()) {
                props.put("medsec:constantTables", String.join("; ", tables));
            }
            return new CryptoAsset.Algorithm(ref(), def.name(), def.primitive(), def.mode(), def.padding(),
                    def.parameterSetIdentifier(), curve, def.nistQuantumSecurityLevel(), def.functions(),
                    platforms.isEmpty() ? Optional.empty() : Optional.of("software-plain-ram"),
                    platforms.size() == 1 ? Optional.of(platforms.iterator().next()) : Optional.empty(),
                    Optional.empty(), def.oid(), List.copyOf(locations), props);
        }
    }

    private CryptoBom build(Image image, List<Finding> findings) {
        Map<String, ElfFile> elves = new TreeMap<>();
        for (Iterator<Artifact> it = image.files().filter(a -> a.type() == FileType.ELF).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            a.tryView(ElfFile.VIEW).ifPresent(e -> elves.put(a.path(), e));
        }
        Map<String, String> libraryBySoname = new HashMap<>();
        Map<String, String> libraryNames = new TreeMap<>();
        Map<String, String> staticNames = new TreeMap<>();
        for (Map.Entry<String, ElfFile> e : elves.entrySet()) {
            Optional<VettedLibrary> lib = VettedLibrary.exportedBy(e.getValue());
            if (lib.isPresent()) {
                libraryBySoname.putIfAbsent(VettedLibrary.libraryName(e.getValue(), e.getKey()), e.getKey());
                libraryNames.put(e.getKey(), lib.get().display());
            } else if (!VettedLibrary.isKernelModule(e.getValue())) {
                List<VettedLibrary> defined = VettedLibrary.definedBy(e.getValue());
                if (!defined.isEmpty()) {
                    staticNames.put(e.getKey(), String.join(", ", defined.stream().map(VettedLibrary::display).toList())
                            + " (linked in)");
                }
            }
        }
        Map<String, Set<String>> exportsByLibrary = new HashMap<>();
        Map<String, Set<String>> provides = new TreeMap<>();
        List<CryptoBom.User> users = new ArrayList<>();
        for (Map.Entry<String, ElfFile> e : elves.entrySet()) {
            ElfFile elf = e.getValue();
            if (VettedLibrary.isKernelModule(elf)) {
                continue;
            }
            List<String> linked = new ArrayList<>();
            Set<String> imports;
            try {
                for (String needed : elf.needed()) {
                    String lib = libraryBySoname.get(needed);
                    if (lib != null && !lib.equals(e.getKey())) {
                        linked.add(lib);
                    }
                }
                imports = new TreeSet<>(elf.importedSymbolNames());
            } catch (ElfFormatException ex) {
                continue; // a binary whose dynamic section does not parse is reported by the ELF checks
            }
            Set<String> refs = new LinkedHashSet<>();
            for (String symbol : imports) {
                Optional<AlgorithmTable.SymbolRule> rule = table.lookup(symbol);
                if (rule.isEmpty()) {
                    continue;
                }
                AlgorithmUse use = algorithms.computeIfAbsent(rule.get().algorithm().name(),
                        k -> new AlgorithmUse(rule.get().algorithm()));
                use.locations.add(e.getKey());
                use.symbols.add(baseName(symbol));
                platform(elf).ifPresent(use.platforms::add);
                refs.add(use.ref());
                for (String lib : linked) {
                    Set<String> exports = exportsByLibrary.computeIfAbsent(lib, l -> exports(elves.get(l)));
                    if (exports.contains(baseName(symbol))) {
                        provides.computeIfAbsent(lib, k -> new TreeSet<>()).add(use.ref());
                        break;
                    }
                }
            }
            if (!refs.isEmpty() || !linked.isEmpty()) {
                users.add(new CryptoBom.User(e.getKey(), List.copyOf(refs), linked));
            }
        }
        javaFindings(findings, users);
        homemadeFindings(findings, users);
        certificates(image);
        List<CryptoBom.Provider> providers = new ArrayList<>();
        libraryNames.forEach((path, name) -> providers.add(new CryptoBom.Provider(name, path, Optional.empty(),
                List.copyOf(provides.getOrDefault(path, Set.of())))));
        staticNames.forEach((path, name) -> providers.add(new CryptoBom.Provider(name, path, Optional.empty(),
                List.of())));
        List<CryptoAsset> assets = new ArrayList<>();
        algorithms.values().forEach(u -> assets.add(u.asset()));
        for (Map.Entry<String, CryptoAsset> c : certificates.entrySet()) {
            assets.add(withLocations(c.getValue(), certLocations.get(c.getKey()), trustAnchors.contains(c.getKey())));
        }
        for (Map.Entry<String, CryptoAsset> k : keys.entrySet()) {
            assets.add(withLocations(k.getValue(), certLocations.get(k.getKey()), false));
        }
        assets.addAll(ProtocolAssets.of(image));
        return new CryptoBom(assets, providers, users);
    }

    private void javaFindings(List<Finding> findings, List<CryptoBom.User> users) {
        Map<String, Set<String>> byClass = new TreeMap<>();
        for (Finding f : findings) {
            if (!JavaAlgorithms.CHECKS.contains(f.checkId())) {
                continue;
            }
            Object jca = f.evidence().getOrDefault("transformation", f.evidence().get("algorithm"));
            if (jca == null) {
                continue;
            }
            AlgorithmTable.Definition def = JavaAlgorithms.definition(table, f.checkId(), jca.toString());
            AlgorithmUse use = algorithms.computeIfAbsent(def.name(), k -> new AlgorithmUse(def));
            use.locations.add(f.path());
            use.platforms.add("generic");
            use.javaNames.add(jca.toString());
            byClass.computeIfAbsent(f.path(), k -> new TreeSet<>()).add(use.ref());
        }
        byClass.forEach((path, refs) -> users.add(new CryptoBom.User(path, List.copyOf(refs), List.of())));
    }

    /**
     * Primitives a binary implements itself ({@code crypto.homemade-crypto}): an asset of their own
     * ("AES (home-made)"), so the CBOM does not present them as the vetted library's, with the binary as user.
     */
    private void homemadeFindings(List<Finding> findings, List<CryptoBom.User> users) {
        Map<String, Set<String>> byBinary = new TreeMap<>();
        for (Finding f : findings) {
            Object primitive = f.evidence().get("primitive");
            if (!f.checkId().equals("crypto.homemade-crypto") || primitive == null) {
                continue; // the INFO "statically linked vetted crypto" finding lists "primitives", not one
            }
            String display = primitive.toString();
            AlgorithmTable.Definition base = table.byName(HOMEMADE.getOrDefault(display, display))
                    .orElseGet(() -> new AlgorithmTable.Definition(display, CryptoAsset.Primitive.UNKNOWN,
                            Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), List.of(),
                            Optional.empty(), "not-approved", ""));
            AlgorithmTable.Definition def = new AlgorithmTable.Definition(display + " (home-made)",
                    display.startsWith("ChaCha") ? CryptoAsset.Primitive.STREAM_CIPHER
                            : display.startsWith("TEA") ? CryptoAsset.Primitive.BLOCK_CIPHER : base.primitive(),
                    Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.empty(), base.functions(),
                    base.oid(), "not-approved", "own implementation, not a vetted library (crypto.homemade-crypto)");
            AlgorithmUse use = algorithms.computeIfAbsent(def.name(), k -> new AlgorithmUse(def));
            use.locations.add(f.path());
            Object tables = f.evidence().get("tables");
            if (tables instanceof List<?> l) {
                l.forEach(t -> use.tables.add(f.path() + ": " + t));
            }
            byBinary.computeIfAbsent(f.path(), k -> new TreeSet<>()).add(use.ref());
        }
        byBinary.forEach((path, refs) -> users.add(new CryptoBom.User(path, List.copyOf(refs), List.of())));
    }

    /** The algorithm-table row whose properties a home-made primitive shares. */
    private static final Map<String, String> HOMEMADE = Map.of("DES/3DES", "DES", "SHA-1", "SHA-1", "SHA-256",
            "SHA-256", "SHA-512", "SHA-512", "MD5", "MD5", "Blowfish", "Blowfish", "AES", "AES");

    private void certificates(Image image) {
        for (Iterator<Artifact> it = image.files().filter(CertificateContainers::mayHold).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            List<CertInfo> certs;
            try {
                certs = a.view(CertificateContainers.VIEW);
            } catch (IOException e) {
                continue; // unreadable containers are reported by the certificate checks
            }
            for (CertInfo c : certs) {
                certificate(a, c);
            }
        }
    }

    private void certificate(Artifact a, CertInfo c) {
        String certRef = "crypto:certificate:" + c.sha256();
        String keyRef = "crypto:public-key:" + c.sha256();
        certLocations.computeIfAbsent(certRef, k -> new TreeSet<>()).add(a.path());
        certLocations.computeIfAbsent(keyRef, k -> new TreeSet<>()).add(a.path());
        if (CertificateContainers.inTrustStore(a)) {
            trustAnchors.add(certRef);
        }
        if (certificates.containsKey(certRef)) {
            return;
        }
        AlgorithmUse sig = algorithms.computeIfAbsent(signatureName(c), k -> new AlgorithmUse(
                table.byOid(c.signatureAlgorithmOid()).orElseGet(() -> new AlgorithmTable.Definition(k,
                        CryptoAsset.Primitive.SIGNATURE, Optional.empty(), Optional.empty(), Optional.empty(),
                        OptionalInt.empty(), List.of(CryptoAsset.Function.SIGN, CryptoAsset.Function.VERIFY),
                        Optional.of(c.signatureAlgorithmOid()), "unknown", "not in the policy table"))));
        sig.locations.add(a.path());
        AlgorithmUse keyAlg = keyAlgorithm(c);
        keyAlg.locations.add(a.path());
        Map<String, String> props = new LinkedHashMap<>();
        props.put("medsec:sha256", c.sha256());
        props.put("medsec:serialNumber", c.serial());
        props.put("medsec:ca", Boolean.toString(c.ca()));
        props.put("medsec:selfSigned", Boolean.toString(c.selfSigned()));
        props.put("medsec:container", c.source());
        certificates.put(certRef, new CryptoAsset.Certificate(certRef, c.subject(), c.subject(), c.issuer(),
                c.notBefore(), c.notAfter(), sig.ref(), keyRef, "X.509", extension(a, c), Optional.empty(),
                List.of(), props));
        keys.put(keyRef, new CryptoAsset.PublicKey(keyRef, keyAlg.def.name() + " public key of " + c.subject(),
                keyAlg.ref(), c.keyBits(), "X.509 SubjectPublicKeyInfo", Optional.of(c.keyAlgorithmOid()),
                List.of(), Map.of("medsec:policy", keyPolicy(c))));
    }

    private String signatureName(CertInfo c) {
        return table.byOid(c.signatureAlgorithmOid()).map(AlgorithmTable.Definition::name)
                .orElse(c.signatureAlgorithm());
    }

    /** The public key's algorithm with its size: "RSA-2048", "EC-secp256r1", "Ed25519". */
    private AlgorithmUse keyAlgorithm(CertInfo c) {
        String oid = c.keyAlgorithmOid();
        String bits = Integer.toString(c.keyBits());
        AlgorithmTable.Definition def;
        Optional<String> curve = Optional.empty();
        if (oid.equals("1.2.840.113549.1.1.1") || oid.equals("1.2.840.113549.1.1.10")) {
            def = new AlgorithmTable.Definition("RSA-" + bits, CryptoAsset.Primitive.PKE, Optional.empty(),
                    Optional.empty(), Optional.of(bits), OptionalInt.of(0), List.of(), Optional.of(oid),
                    c.keyBits() >= 2048 ? "approved" : "disallowed", "SP 800-131A r2 s3: RSA below 2048 bits disallowed");
        } else if (oid.equals("1.2.840.10045.2.1")) {
            curve = c.curve();
            def = new AlgorithmTable.Definition("EC-" + c.curve().orElse(bits), CryptoAsset.Primitive.SIGNATURE,
                    Optional.empty(), Optional.empty(), Optional.of(bits), OptionalInt.of(0),
                    List.of(CryptoAsset.Function.SIGN, CryptoAsset.Function.VERIFY), Optional.of(oid),
                    c.keyBits() >= 224 ? "approved" : "disallowed", "SP 800-131A r2 s3: EC below 224 bits disallowed");
        } else if (oid.equals("1.2.840.10040.4.1")) {
            def = new AlgorithmTable.Definition("DSA-" + bits, CryptoAsset.Primitive.SIGNATURE, Optional.empty(),
                    Optional.empty(), Optional.of(bits), OptionalInt.of(0), List.of(CryptoAsset.Function.VERIFY),
                    Optional.of(oid), "deprecated", "FIPS 186-5: DSA for signature verification only");
        } else {
            def = table.byOid(oid).orElseGet(() -> new AlgorithmTable.Definition(c.keyAlgorithm(),
                    CryptoAsset.Primitive.UNKNOWN, Optional.empty(), Optional.empty(),
                    c.keyBits() > 0 ? Optional.of(bits) : Optional.empty(), OptionalInt.empty(), List.of(),
                    Optional.of(oid), "unknown", "not in the policy table"));
        }
        AlgorithmTable.Definition d = def;
        AlgorithmUse use = algorithms.computeIfAbsent(d.name(), k -> new AlgorithmUse(d));
        use.curve = curve;
        return use;
    }

    private static String keyPolicy(CertInfo c) {
        if (c.keyAlgorithm().startsWith("RSA") || c.keyAlgorithm().startsWith("DSA")) {
            return c.keyBits() >= 2048 ? "approved" : "disallowed";
        }
        if (c.keyAlgorithm().startsWith("EC")) {
            return c.keyBits() >= 224 ? "approved" : "disallowed";
        }
        return "unknown";
    }

    /** The file extension of the certificate's file, or the container's kind when the name has none. */
    private static String extension(Artifact a, CertInfo c) {
        String name = a.fileName();
        int dot = name.lastIndexOf('.');
        if (dot > 0 && name.length() - dot - 1 <= 5 && name.length() - dot > 1) {
            return name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
        if (c.source().startsWith("pem")) {
            return "pem";
        }
        return c.source().startsWith("keystore") ? (a.type() == FileType.PKCS12 ? "p12" : "jks") : "der";
    }

    private static CryptoAsset withLocations(CryptoAsset a, Set<String> locations, boolean trustAnchor) {
        List<String> l = locations == null ? List.of() : List.copyOf(locations);
        if (a instanceof CryptoAsset.Certificate c) {
            Map<String, String> props = new LinkedHashMap<>(c.properties());
            if (trustAnchor) {
                props.put("medsec:trustStore", "true");
            }
            return new CryptoAsset.Certificate(c.ref(), c.name(), c.subjectName(), c.issuerName(),
                    c.notValidBefore(), c.notValidAfter(), c.signatureAlgorithmRef(), c.subjectPublicKeyRef(),
                    c.certificateFormat(), c.certificateExtension(), c.oid(), l, props);
        }
        if (a instanceof CryptoAsset.PublicKey k) {
            return new CryptoAsset.PublicKey(k.ref(), k.name(), k.algorithmRef(), k.size(), k.format(), k.oid(), l,
                    k.properties());
        }
        return a;
    }

    /** CycloneDX 1.6 implementationPlatform of a binary. */
    static Optional<String> platform(ElfFile elf) {
        ElfMachine m = elf.machine();
        switch (m) {
            case X86_64:
                return Optional.of("x86_64");
            case X86:
                return Optional.of("x86_32");
            case AARCH64:
                return Optional.of("armv8-a");
            case ARM:
                return Optional.of("armv7-a");
            case S390:
                return Optional.of("s390x");
            case PPC64:
                return Optional.of(elf.order() == ByteOrder.LITTLE_ENDIAN ? "ppc64le" : "ppc64");
            default:
                return Optional.of("other");
        }
    }

    private static Set<String> exports(ElfFile elf) {
        Set<String> out = new HashSet<>();
        try {
            for (Symbol s : elf.dynamicSymbols()) {
                if (s.isDefined()) {
                    out.add(s.name());
                }
            }
        } catch (ElfFormatException e) {
            return Set.of();
        }
        return out;
    }

    private static String baseName(String symbol) {
        int at = symbol.indexOf('@');
        return at >= 0 ? symbol.substring(0, at) : symbol;
    }

}
