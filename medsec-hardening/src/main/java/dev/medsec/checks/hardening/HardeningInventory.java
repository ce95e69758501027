package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfMachine;
import dev.medsec.elf.GnuProperty;
import dev.medsec.elf.SegmentType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The hardening facts of every executable and shared library, as the report section "hardening": a
 * checksec-like matrix that is positive evidence for a regulatory file (what IS in place), where the findings
 * of the other hardening checks list only what is missing. Every fact comes from the same code those checks
 * judge, so a fact and a finding never contradict each other. It reports no findings itself.
 *
 * <p>An image check because one section is built from every file; the ELF views are cached per artifact, so
 * nothing is parsed twice.
 */
@CheckInfo(id = "hardening.inventory", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.INFO,
        cwe = {693},
        summary = "Hardening facts of every ELF executable and library (report section 'hardening'; no findings)",
        remediation = "Nothing to fix: the section documents PIE, RELRO, NX, canary, FORTIFY, RPATH, TEXTREL, "
                + "symbols and CET/BTI/PAC per binary; the hardening.* checks report what is missing.")
public final class HardeningInventory implements ImageCheck {
    /** Name of the report.json section. */
    public static final String SECTION = "hardening";

    @Override
    public void inspect(Image image, Findings out) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (Artifact a : image.artifacts()) {
            if (!a.hasContent() || !LinkedElf.appliesTo(a)) {
                continue;
            }
            try {
                LinkedElf.parse(a).ifPresent(le -> files.add(facts(a, le)));
            } catch (IOException e) {
                // Listed, so that the matrix accounts for every ELF file; hardening.no-pie records the error.
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("path", a.path());
                f.put("unreadable", "unreadable ELF file: " + e.getMessage());
                files.add(f);
            }
        }
        if (files.isEmpty()) {
            return;
        }
        files.sort(Comparator.comparing(m -> (String) m.get("path")));
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("summary", summary(files));
        section.put("files", files);
        out.section(SECTION, section);
    }

    /**
     * The facts of one file, in a fixed key order. A part of the file that does not parse ends the list with
     * "unreadable" and the reason (the checks report it as an error); the facts found before it stay.
     */
    static Map<String, Object> facts(Artifact a, LinkedElf le) {
        ElfFile elf = le.elf();
        Linkage linkage = le.linkage();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", a.path());
        f.put("machine", elf.machine().name());
        f.put("type", linkage.typeLabel());
        f.put("pie", linkage != Linkage.STATIC_EXECUTABLE && linkage != Linkage.DYNAMIC_EXECUTABLE);
        f.put("nx", !ExecutableStack.executable(elf.segment(SegmentType.GNU_STACK)));
        f.put("gnuStack", elf.segment(SegmentType.GNU_STACK).map(p -> p.flagString().trim()).orElse("absent"));
        f.put("wxSegments", WritableExecutableSegment.writableExecutable(elf).size());
        f.put("stripped", SymbolsNotStripped.symbolTable(elf).isEmpty());
        f.put("debugInfo", SymbolsNotStripped.hasDebugInfo(elf));
        try {
            f.put("relro", IncompleteRelro.level(elf).name().toLowerCase(Locale.ROOT));
            f.put("canary", canary(a.view(CanaryEvidence.VIEW)));
            f.put("fortify", fortify(a.view(FortifyUse.VIEW)));
            Optional<String> rpath = elf.rpath();
            Optional<String> runpath = elf.runpath();
            rpath.ifPresent(p -> f.put("rpath", p));
            runpath.ifPresent(p -> f.put("runpath", p));
            f.put("textrel", TextRelocations.declaration(elf).isPresent());
            if (NoX86Cet.appliesTo(elf)) {
                f.put("cet", lowerCase(MissingFeatureBits.features(
                        elf.gnuFeatureBits(GnuProperty.X86_FEATURE_1_AND).orElse(0), NoX86Cet.FEATURES)));
            }
            if (elf.machine() == ElfMachine.AARCH64) {
                f.put("branchProtection", lowerCase(MissingFeatureBits.features(
                        elf.gnuFeatureBits(GnuProperty.AARCH64_FEATURE_1_AND).orElse(0),
                        NoAarch64BranchProtection.FEATURES)));
            }
        } catch (IOException e) {
            f.put("unreadable", e.getMessage());
        }
        return f;
    }

    private static Map<String, Object> canary(CanaryEvidence c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("present", c.present());
        m.put("determined", c.determined());
        m.put("evidence", c.kind().label());
        c.symbol().ifPresent(s -> m.put("symbol", s));
        return m;
    }

    private static Map<String, Object> fortify(FortifyUse u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", u.state().label());
        m.put("fortified", u.checked().size());
        m.put("unfortified", u.plain().size());
        m.put("fortifiedFunctions", List.copyOf(u.checked()));
        m.put("unfortifiedFunctions", List.copyOf(u.plain()));
        return m;
    }

    private static Map<String, Boolean> lowerCase(Map<String, Boolean> features) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        features.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
        return m;
    }

    /** Counts per value of the main facts, for a one-glance view of the whole image. */
    private static Map<String, Object> summary(List<Map<String, Object>> files) {
        Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
        for (Map<String, Object> f : files) {
            count(counts, "type", f.getOrDefault("type", "unreadable"));
            count(counts, "pie", f.getOrDefault("pie", "unreadable"));
            count(counts, "nx", f.getOrDefault("nx", "unreadable"));
            count(counts, "relro", f.getOrDefault("relro", "unreadable"));
            Object canary = f.get("canary");
            count(counts, "canary", canary instanceof Map<?, ?> c ? c.get("evidence") : "unreadable");
            Object fortify = f.get("fortify");
            count(counts, "fortify", fortify instanceof Map<?, ?> m ? m.get("state") : "unreadable");
            count(counts, "stripped", f.getOrDefault("stripped", "unreadable"));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("files", files.size());
        s.putAll(counts);
        return s;
    }

    private static void count(Map<String, Map<String, Integer>> counts, String fact, Object value) {
        counts.computeIfAbsent(fact, k -> new TreeMap<>()).merge(String.valueOf(value), 1, Integer::sum);
    }
}
