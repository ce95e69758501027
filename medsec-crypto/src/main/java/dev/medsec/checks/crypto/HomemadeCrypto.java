package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.elf.VettedLibrary;
import dev.medsec.checks.crypto.tables.KnownTables;
import dev.medsec.checks.crypto.tables.Primitive;
import dev.medsec.checks.crypto.tables.TableSpec;
import dev.medsec.checks.crypto.tables.TeaInCode;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;
import dev.medsec.elf.Section;
import dev.medsec.elf.Symbol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

@CheckInfo(id = "crypto.homemade-crypto", soup = SoupTreatment.OWN_CODE_ONLY, principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 1240},
        summary = "A binary carries the constant tables of a cipher or hash but is not, and does not use, a vetted "
                + "crypto library",
        remediation = "Replace the custom implementation with calls to a vetted, maintained library (OpenSSL EVP, "
                + "Mbed TLS, wolfSSL, libsodium) and a FIPS 140-3 validated module where required.")
public final class HomemadeCrypto implements ContentCheck {
    /** MD5 in code is recognised by its sine constants; this many of 64 must be present in one byte order. */
    static final int MD5_IMMEDIATES_REQUIRED = 48;
    private static final String MARKER_PREFIX = "vetted-marker/";

    private static final List<BytePattern> PATTERNS = buildPatterns();

    private static List<BytePattern> buildPatterns() {
        List<BytePattern> out = new ArrayList<>(KnownTables.patterns());
        out.addAll(TeaInCode.patterns());
        Set<String> markers = new LinkedHashSet<>();
        for (VettedLibrary v : VettedLibrary.values()) {
            for (int i = 0; i < v.versionMarkers().size(); i++) {
                if (markers.add(v.versionMarkers().get(i))) {
                    out.add(BytePattern.ascii(MARKER_PREFIX + v.name() + "/" + i, v.versionMarkers().get(i)));
                }
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean appliesTo(Artifact artifact) {
        FileType t = artifact.type();
        return t == FileType.ELF || t == FileType.PE || t == FileType.OTHER;
    }

    @Override
    public List<BytePattern> patterns() {
        return PATTERNS;
    }

    /** One piece of evidence: what was found where. */
    private record Sighting(Primitive primitive, String what, long offset) {
    }

    @Override
    public void inspect(Artifact artifact, List<PatternHit> hits, Findings out) throws IOException {
        ByteBuffer data = artifact.bytes();
        Map<Primitive, List<Sighting>> found = new EnumMap<>(Primitive.class);
        Set<String> markers = new TreeSet<>();
        Map<String, Set<Integer>> immediates = new HashMap<>();
        Map<String, Long> firstImmediate = new HashMap<>();
        List<Long> teaAnchors = new ArrayList<>();
        Map<ByteOrder, List<Long>> teaLiterals = new java.util.HashMap<>();
        for (PatternHit h : hits) {
            if (TeaInCode.isPattern(h.patternId())) {
                teaAnchors.add(h.offset());
                continue;
            }
            if (h.patternId().startsWith(MARKER_PREFIX)) {
                String lib = h.patternId().substring(MARKER_PREFIX.length());
                markers.add(VettedLibrary.valueOf(lib.substring(0, lib.indexOf('/'))).display());
                continue;
            }
            Optional<TableSpec> table = KnownTables.table(h.patternId());
            if (table.isPresent()) {
                if (table.get().matchesAt(data, h.offset())) {
                    found.computeIfAbsent(table.get().primitive(), k -> new ArrayList<>())
                            .add(new Sighting(table.get().primitive(), table.get().describe(), h.offset()));
                }
                continue;
            }
            KnownTables.immediate(h.patternId()).ifPresent(i -> {
                if (i.primitive() == Primitive.TEA && i.set().equals("delta")) {
                    teaLiterals.computeIfAbsent(i.order(), k -> new ArrayList<>()).add(h.offset());
                }
                String set = i.primitive().name() + "/" + i.set() + "/" + (i.order() == ByteOrder.LITTLE_ENDIAN ? "le" : "be");
                immediates.computeIfAbsent(set, k -> new HashSet<>()).add(i.value());
                firstImmediate.putIfAbsent(set, h.offset());
            });
        }
        confirmImmediates(immediates, firstImmediate, found);
        Optional<ElfFile> elf = artifact.type() == FileType.ELF && (!found.isEmpty() || !teaAnchors.isEmpty()
                || !teaLiterals.isEmpty()) ? artifact.tryView(ElfFile.VIEW) : Optional.empty();
        if (!found.containsKey(Primitive.TEA) && elf.isPresent()) {
            teaRounds(elf.get(), data, teaAnchors, teaLiterals.getOrDefault(elf.get().order(), List.of()), found);
        }
        if (found.isEmpty()) {
            return;
        }
        if (elf.isPresent()) {
            ElfFile e = elf.get();
            if (VettedLibrary.exportedBy(e).isPresent() || VettedLibrary.isKernelModule(e)
                    || VettedLibrary.isOpenSslModule(e)) {
                return;
            }
            List<VettedLibrary> statically = VettedLibrary.definedBy(e);
            if (!statically.isEmpty()) {
                for (VettedLibrary v : statically) {
                    markers.add(v.display());
                }
            }
        }
        if (!markers.isEmpty()) {
            out.at(artifact).severity(Severity.INFO).evidence("libraries", List.copyOf(markers))
                    .evidence("primitives", found.keySet().stream().map(Primitive::display).toList())
                    .message(artifact.fileName() + " carries vetted crypto built in (" + String.join(", ", markers)
                            + "); keep it updated with the library's security releases")
                    .key("static-vetted").report();
            return;
        }
        Set<String> imports = elf.map(HomemadeCrypto::imports).orElse(Set.of());
        for (Map.Entry<Primitive, List<Sighting>> f : found.entrySet()) {
            Primitive p = f.getKey();
            if (imports.stream().anyMatch(p::isLibraryApi)) {
                continue;
            }
            List<String> where = new ArrayList<>();
            for (Sighting s : f.getValue()) {
                where.add(s.what() + " at 0x" + Long.toHexString(s.offset()) + elf.map(e -> place(e, s.offset())).orElse(""));
                if (where.size() == 8) {
                    break;
                }
            }
            out.at(artifact).severity(p.isCipher() ? Severity.HIGH : Severity.MEDIUM)
                    .evidence("primitive", p.display()).evidence("tables", where)
                    .message(artifact.fileName() + " contains a custom " + p.display() + " implementation ("
                            + f.getValue().get(0).what() + ")")
                    .key(p.name()).report();
        }
    }

    /** Immediate constants count only as a set: all four SHA-1 K, most MD5 T, TEA delta with its decipher sum. */
    private static void confirmImmediates(Map<String, Set<Integer>> imm, Map<String, Long> first,
                                          Map<Primitive, List<Sighting>> found) {
        for (String order : List.of("le", "be")) {
            String sha1 = Primitive.SHA1.name() + "/SHA-1 round constants/" + order;
            if (imm.getOrDefault(sha1, Set.of()).size() == 4) {
                found.computeIfAbsent(Primitive.SHA1, k -> new ArrayList<>()).add(new Sighting(Primitive.SHA1,
                        "SHA-1 (or RIPEMD-160) round constants K0..K3 in code (" + order + ")", first.get(sha1)));
            }
            String md5 = Primitive.MD5.name() + "/MD5 sine constants/" + order;
            int n = imm.getOrDefault(md5, Set.of()).size();
            if (n >= MD5_IMMEDIATES_REQUIRED && !found.containsKey(Primitive.MD5)) {
                found.computeIfAbsent(Primitive.MD5, k -> new ArrayList<>()).add(new Sighting(Primitive.MD5,
                        "MD5 sine constants in code (" + n + " of 64, " + order + ")", first.get(md5)));
            }
            String delta = Primitive.TEA.name() + "/delta/" + order;
            String sum = Primitive.TEA.name() + "/sum32/" + order;
            // The golden-ratio delta alone is common in hash functions; with the decipher start value it is TEA.
            if (imm.containsKey(delta) && imm.containsKey(sum)) {
                found.computeIfAbsent(Primitive.TEA, k -> new ArrayList<>()).add(new Sighting(Primitive.TEA,
                        "TEA/XTEA delta 0x9E3779B9 and 32-round sum 0xC6EF3720 in code (" + order + ")",
                        first.get(delta)));
            }
        }
    }

    /** The TEA delta loaded in code with the round's shifts in its function (see {@link TeaInCode}). */
    private static void teaRounds(ElfFile e, ByteBuffer data, List<Long> anchors, List<Long> literals,
                                  Map<Primitive, List<Sighting>> found) {
        for (TeaInCode.Sighting s : TeaInCode.find(e, data, anchors, literals)) {
            Optional<String> variant = s.variant();
            if (variant.isEmpty()) {
                continue;
            }
            String shifts = s.shifts().stream().map(x -> x.name().startsWith("LSL") ? "<<" + x.name().substring(3)
                    : ">>" + x.name().substring(3)).sorted().collect(java.util.stream.Collectors.joining(" "));
            found.computeIfAbsent(Primitive.TEA, k -> new ArrayList<>()).add(new Sighting(Primitive.TEA,
                    variant.get() + " delta 0x9E3779B9 (" + s.how() + ") with round shifts " + shifts
                            + (s.function().isEmpty() ? "" : " in " + s.function()), s.offset()));
        }
    }

    private static Set<String> imports(ElfFile e) {
        try {
            return e.importedSymbolNames();
        } catch (ElfFormatException ex) {
            return Set.of();
        }
    }

    /** " [.rodata, symbol sbox]" for a file offset, when the section headers and symbols say so. */
    private static String place(ElfFile e, long offset) {
        for (Section s : e.sections()) {
            if (s.hasFileBytes() && s.size() > 0 && offset >= s.offset() && offset < s.offset() + s.size()) {
                long vaddr = s.addr() + (offset - s.offset());
                String sym = symbolAt(e, vaddr);
                return " [" + s.name() + (sym.isEmpty() ? "" : ", symbol " + sym) + "]";
            }
        }
        return "";
    }

    private static String symbolAt(ElfFile e, long vaddr) {
        try {
            for (Symbol s : e.staticSymbols()) {
                if (s.isDefined() && s.size() > 0 && vaddr >= s.value() && vaddr < s.value() + s.size()
                        && (s.kind() == Symbol.Kind.OBJECT || s.kind() == Symbol.Kind.FUNC)) {
                    return s.name();
                }
            }
        } catch (ElfFormatException ex) {
            return "";
        }
        return "";
    }
}
