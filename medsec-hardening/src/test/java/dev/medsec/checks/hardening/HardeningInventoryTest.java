package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The "hardening" report section: facts per binary, checked against fixtures built with each flag both ways. */
class HardeningInventoryTest {
    @TempDir
    Path dir;

    /** A program that calls no fortifiable function at all. */
    private static final String PLAIN = "int main(int argc, char **argv) { return argc + argv[0][0]; }\n";

    @Test
    void inspect_pieFullRelroCanaryFortified_allFactsPositive() {
        Map<String, Object> f = onlyFile(CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.X86, "app",
                        "-fPIE -pie -Wl,-z,relro,-z,now -fstack-protector-strong -D_FORTIFY_SOURCE=2"))
                .run());
        assertThat(f).containsEntry("path", "/usr/bin/app").containsEntry("machine", "X86_64")
                .containsEntry("type", "pie").containsEntry("pie", true).containsEntry("relro", "full")
                .containsEntry("nx", true).containsEntry("gnuStack", "RW").containsEntry("wxSegments", 0)
                .containsEntry("textrel", false).doesNotContainKeys("rpath", "runpath", "unreadable");
        assertThat(map(f, "canary")).containsEntry("present", true).containsEntry("determined", true)
                .containsEntry("evidence", "imported-symbol").containsEntry("symbol", "__stack_chk_fail");
        assertThat(map(f, "fortify")).containsEntry("state", "fortified").containsEntry("fortified", 2)
                .containsEntry("unfortified", 0)
                .containsEntry("fortifiedFunctions", List.of("__printf_chk", "__strcpy_chk"));
        assertThat(map(f, "cet")).containsOnlyKeys("ibt", "shstk");
        assertThat(f).doesNotContainKey("branchProtection");
    }

    @Test
    void inspect_nonPiePartialRelroNoCanaryUnfortified_allFactsNegative() {
        Map<String, Object> f = onlyFile(CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.X86, "app", "-fno-PIE -no-pie -Wl,-z,relro,-z,lazy "
                        + "-fno-stack-protector -U_FORTIFY_SOURCE -Wl,-rpath,/opt/lib -Wl,--disable-new-dtags"))
                .run());
        assertThat(f).containsEntry("type", "exec").containsEntry("pie", false).containsEntry("relro", "partial")
                .containsEntry("rpath", "/opt/lib").doesNotContainKey("runpath");
        assertThat(map(f, "canary")).containsEntry("present", false).containsEntry("determined", true)
                .containsEntry("evidence", "none").doesNotContainKey("symbol");
        assertThat(map(f, "fortify")).containsEntry("state", "not-fortified").containsEntry("fortified", 0)
                .containsEntry("unfortifiedFunctions", List.of("printf", "strcpy"));
    }

    /** checksec says "no canary" here; the handler defined in .symtab and called by main says otherwise. */
    @Test
    void inspect_staticProtectorAll_canaryFromDefinedSymbol() {
        Map<String, Object> f = onlyFile(CheckTester.of(new HardeningInventory(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static -fstack-protector-all -D_FORTIFY_SOURCE=2"))
                .run());
        assertThat(f).containsEntry("type", "static").containsEntry("pie", false).containsEntry("stripped", false);
        assertThat(map(f, "canary")).containsEntry("present", true).containsEntry("determined", true)
                .containsEntry("evidence", "defined-symbol-called-by-main");
        assertThat((Integer) map(f, "fortify").get("fortified")).isPositive();
    }

    @Test
    void inspect_staticWithoutProtector_noCanaryInMain() {
        Map<String, Object> f = onlyFile(CheckTester.of(new HardeningInventory(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static -fno-stack-protector"))
                .run());
        assertThat(map(f, "canary")).containsEntry("present", false).containsEntry("evidence", "main-without-canary");
    }

    @Test
    void inspect_nothingFortifiable_stateNothingToFortify() {
        Map<String, Object> f = onlyFile(CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/plain", Gcc.build(dir, Gcc.X86, "plain", PLAIN, "-O2 -D_FORTIFY_SOURCE=2"))
                .run());
        assertThat(map(f, "fortify")).containsEntry("state", "nothing-to-fortify").containsEntry("fortified", 0)
                .containsEntry("unfortified", 0);
    }

    @Test
    void inspect_aarch64_branchProtectionFacts() {
        CheckTester.Result r = CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.AARCH64, "app",
                        "-fPIE -pie -Wl,-z,relro,-z,now -fstack-protector-strong -D_FORTIFY_SOURCE=2"))
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.AARCH64, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -mbranch-protection=standard"))
                .run();
        List<Map<String, Object>> files = files(r);
        assertThat(files).extracting(m -> m.get("path")).containsExactly("/usr/bin/app", "/usr/lib/libg.so");
        Map<String, Object> app = files.get(0);
        assertThat(app).containsEntry("machine", "AARCH64").containsEntry("type", "pie").containsEntry("relro", "full")
                .doesNotContainKey("cet");
        assertThat(map(app, "canary")).containsEntry("present", true);
        assertThat(map(app, "fortify")).containsEntry("state", "fortified");
        Map<String, Object> lib = files.get(1);
        assertThat(lib).containsEntry("type", "dso");
        assertThat(map(lib, "branchProtection")).isEqualTo(Map.of("bti", true, "pac", true));
        assertThat(map(lib, "canary")).containsEntry("present", false).containsEntry("evidence", "none");
        assertThat(map(lib, "fortify")).containsEntry("state", "nothing-to-fortify");
    }

    /** Big-endian MIPS: the toolchain's default GNU_STACK is RWE, and there is no RELRO without -z relro. */
    @Test
    void inspect_bigEndianMips_factsReadInItsByteOrder() {
        Map<String, Object> f = onlyFile(CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.MIPS, "app",
                        "-fPIE -pie -Wl,-z,norelro -fstack-protector-strong -D_FORTIFY_SOURCE=2"))
                .run());
        assertThat(f).containsEntry("machine", "MIPS").containsEntry("type", "pie").containsEntry("relro", "none")
                .containsEntry("nx", false).containsEntry("gnuStack", "RWE").doesNotContainKeys("cet", "branchProtection");
        assertThat(map(f, "canary")).containsEntry("present", true).containsEntry("evidence", "imported-symbol");
        assertThat(map(f, "fortify")).containsEntry("state", "fortified")
                .containsEntry("fortifiedFunctions", List.of("__printf_chk", "__strcpy_chk"));
    }

    @Test
    void inspect_summaryCountsEachFact() {
        CheckTester.Result r = CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/a", Gcc.app(dir, Gcc.X86, "a", "-fPIE -pie -Wl,-z,relro,-z,now"))
                .file("/usr/bin/b", Gcc.app(dir, Gcc.X86, "b", "-fno-PIE -no-pie -Wl,-z,relro,-z,lazy"))
                .text("/etc/motd", "not an ELF file\n")
                .run();
        Map<String, Object> summary = map(section(r), "summary");
        assertThat(summary).containsEntry("files", 2);
        assertThat(map(summary, "relro")).isEqualTo(Map.of("full", 1, "partial", 1));
        assertThat(map(summary, "type")).isEqualTo(Map.of("pie", 1, "exec", 1));
    }

    @Test
    void inspect_noElfFiles_noSection() {
        CheckTester.Result r = CheckTester.of(new HardeningInventory(), dir)
                .text("/etc/motd", "hello\n")
                .file("/lib/modules/x.o", Gcc.build(dir, Gcc.X86, "x.o", Gcc.LIB, "-c"))
                .run();
        assertThat(r.sections()).doesNotContainKey(HardeningInventory.SECTION);
    }

    /** A fact and the finding of the check that judges it never contradict each other. */
    @Test
    void inspect_variedBinaries_factsAgreeWithFindings() {
        Map<String, Path> bins = new java.util.LinkedHashMap<>();
        bins.put("/usr/bin/hard", Gcc.app(dir, Gcc.X86, "hard",
                "-fPIE -pie -Wl,-z,relro,-z,now -fstack-protector-strong -D_FORTIFY_SOURCE=2 -s"));
        bins.put("/usr/bin/soft", Gcc.app(dir, Gcc.X86, "soft",
                "-fno-PIE -no-pie -Wl,-z,norelro -fno-stack-protector -U_FORTIFY_SOURCE -z execstack"));
        bins.put("/usr/bin/lazy", Gcc.app(dir, Gcc.ARMHF, "lazy", "-Wl,-z,relro,-z,lazy -fstack-protector-strong"));
        bins.put("/sbin/static", Gcc.app(dir, Gcc.AARCH64, "static", "-static -fstack-protector-all"));
        bins.put("/sbin/bare", Gcc.build(dir, Gcc.X86, "bare", Gcc.BARE, "-O2 -nostdlib -static -fno-stack-protector"));
        bins.put("/usr/bin/plain", Gcc.build(dir, Gcc.MIPS, "plain", PLAIN, "-O2"));
        List<Map<String, Object>> facts = files(with(CheckTester.of(new HardeningInventory(), dir), bins).run());
        Map<String, List<dev.medsec.core.Finding>> findings = new java.util.HashMap<>();
        for (dev.medsec.core.check.Check c : List.of(new NotPositionIndependent(), new IncompleteRelro(),
                new ExecutableStack(), new NoStackCanary(), new NotFortified(), new SymbolsNotStripped(),
                new TextRelocations(), new WritableExecutableSegment())) {
            for (dev.medsec.core.Finding f : with(CheckTester.of(c, dir), bins).runUnchecked().findings()) {
                findings.computeIfAbsent(f.path(), k -> new java.util.ArrayList<>()).add(f);
            }
        }
        assertThat(facts).hasSize(bins.size());
        for (Map<String, Object> f : facts) {
            List<String> ids = findings.getOrDefault((String) f.get("path"), List.of()).stream()
                    .map(dev.medsec.core.Finding::checkId).toList();
            Map<String, Object> canary = map(f, "canary");
            String why = f + " vs " + ids;
            assertThat(ids.contains("hardening.no-pie")).as(why).isEqualTo(!(Boolean) f.get("pie"));
            assertThat(ids.contains("hardening.relro")).as(why).isEqualTo(!"full".equals(f.get("relro")));
            assertThat(ids.contains("hardening.executable-stack")).as(why).isEqualTo(!(Boolean) f.get("nx"));
            assertThat(ids.contains("hardening.no-stack-canary")).as(why)
                    .isEqualTo(!(Boolean) canary.get("present"));
            assertThat(ids.contains("hardening.no-fortify")).as(why)
                    .isEqualTo("not-fortified".equals(map(f, "fortify").get("state")));
            assertThat(ids.contains("hardening.not-stripped")).as(why).isEqualTo(!(Boolean) f.get("stripped"));
            assertThat(ids.contains("hardening.textrel")).as(why).isEqualTo(f.get("textrel"));
            assertThat(ids.contains("hardening.writable-executable-segment")).as(why)
                    .isEqualTo(!Integer.valueOf(0).equals(f.get("wxSegments")));
        }
        assertThat(facts).extracting(f -> f.get("path"), f -> f.get("type")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/sbin/bare", "static"),
                org.assertj.core.groups.Tuple.tuple("/sbin/static", "static"),
                org.assertj.core.groups.Tuple.tuple("/usr/bin/hard", "pie"),
                org.assertj.core.groups.Tuple.tuple("/usr/bin/lazy", "pie"),
                org.assertj.core.groups.Tuple.tuple("/usr/bin/plain", "pie"),
                org.assertj.core.groups.Tuple.tuple("/usr/bin/soft", "exec"));
    }

    /**
     * A dynamic segment pointing past the end of the file: the facts read before it stay and the reason is named;
     * a truncated file is listed with its reason only. Neither is left out of the matrix.
     */
    @Test
    void inspect_dynamicSegmentOutOfFile_unreadableNamedNoCrash() throws java.io.IOException {
        byte[] elf = java.nio.file.Files.readAllBytes(Gcc.app(dir, Gcc.X86, "app", "-fno-PIE -no-pie"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(elf).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        boolean patched = false;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) phoff + i * phentsize;
            if (b.getInt(ph) == 2) {   // PT_DYNAMIC
                b.putLong(ph + 8, 0x7fff_0000L);
                patched = true;
            }
        }
        assertThat(patched).isTrue();
        CheckTester.Result r = CheckTester.of(new HardeningInventory(), dir)
                .file("/usr/bin/broken", elf)
                .file("/usr/bin/truncated", java.util.Arrays.copyOf(elf, 200))
                .allowErrors().run();
        assertThat(r.errors()).isEmpty();   // the checks report unreadable parts; the inventory names them
        List<Map<String, Object>> files = files(r);
        assertThat(files).extracting(m -> m.get("path")).containsExactly("/usr/bin/broken", "/usr/bin/truncated");
        assertThat(files.get(0)).containsEntry("machine", "X86_64").containsEntry("type", "exec")
                .containsEntry("nx", true).doesNotContainKey("relro");
        assertThat((String) files.get(0).get("unreadable")).isNotBlank();
        assertThat(files.get(1)).containsOnlyKeys("path", "unreadable");
        assertThat((String) files.get(1).get("unreadable")).startsWith("unreadable ELF file: ");
        assertThat(map(map(section(r), "summary"), "relro")).isEqualTo(Map.of("unreadable", 2));
    }

    private static CheckTester with(CheckTester t, Map<String, Path> bins) {
        bins.forEach(t::file);
        return t;
    }

    private static Map<String, Object> section(CheckTester.Result r) {
        assertThat(r.sections()).containsKey(HardeningInventory.SECTION);
        return cast(r.sections().get(HardeningInventory.SECTION));
    }

    private static List<Map<String, Object>> files(CheckTester.Result r) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) section(r).get("files");
        return files;
    }

    private static Map<String, Object> onlyFile(CheckTester.Result r) {
        List<Map<String, Object>> files = files(r);
        assertThat(files).hasSize(1);
        return files.get(0);
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m).containsKey(key);
        return cast(m.get(key));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
