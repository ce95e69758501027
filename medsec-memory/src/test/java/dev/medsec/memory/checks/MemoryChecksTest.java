package dev.medsec.memory.checks;

import dev.medsec.core.Finding;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.memory.CPrograms;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The principle 5 checks over scan evidence: Valgrind XML and ASan logs written by the real tools for the
 * programs of {@link CPrograms}.
 */
class MemoryChecksTest {
    @TempDir
    static Path dir;
    static Path uafXml;
    static Path leakXml;
    static Path cleanXml;
    static Path overflowXml;
    static Path dfreeAsanLog;

    @BeforeAll
    static void evidence() {
        Tools.require("gcc");
        Tools.require("valgrind");
        uafXml = memcheck(CPrograms.USE_AFTER_FREE);
        leakXml = memcheck(CPrograms.LEAK);
        cleanXml = memcheck(CPrograms.CLEAN);
        overflowXml = memcheck(CPrograms.HEAP_OVERFLOW);
        Path asan = CPrograms.DOUBLE_FREE.compile(dir, "-asan", "-fsanitize=address,undefined");
        dfreeAsanLog = dir.resolve("double_free.asan.log");
        Tools.sh(dir, asan + " > " + dfreeAsanLog + " 2>&1 || true");
    }

    static Path memcheck(CPrograms p) {
        Path exe = p.compile(dir, "");
        Path xml = dir.resolve(exe.getFileName() + ".xml");
        Tools.sh(dir, "valgrind --tool=memcheck --xml=yes --xml-file=" + xml
                + " --leak-check=full --show-leak-kinds=all --track-origins=yes " + exe + " >/dev/null 2>&1");
        return xml;
    }

    static ScanSettings evidence(Path... files) {
        return new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(), List.of(), List.of(files),
                Optional.empty(), Map.of());
    }

    static Predicate<Finding> at(CPrograms p) {
        return f -> (p.fileName() + ":" + p.defectLine()).equals(f.evidence().get("location"));
    }

    @Test
    void useAfterFree_valgrindEvidence_findingAtProgramInImage() {
        CheckTester.of(new UseAfterFree(), dir)
                .settings(evidence(uafXml, leakXml, cleanXml))
                .file("/usr/bin/use_after_free", dir.resolve("use_after_free"))
                .expect("/usr/bin/use_after_free", at(CPrograms.USE_AFTER_FREE).and(
                        f -> f.evidence().containsKey("freeStack") && f.evidence().containsKey("allocStack")))
                .run();
    }

    @Test
    void useAfterFree_otherDefectsOnly_nothing() {
        CheckTester.of(new UseAfterFree(), dir).settings(evidence(leakXml, cleanXml, overflowXml)).run();
    }

    @Test
    void memoryLeak_valgrindEvidence_bytesAndBlocks() {
        CheckTester.of(new MemoryLeak(), dir)
                .settings(evidence(leakXml, uafXml))
                .expect(dir.resolve("leak").toString(), at(CPrograms.LEAK).and(
                        f -> Long.valueOf(40).equals(f.evidence().get("bytes"))))
                .run();
    }

    @Test
    void memoryLeak_cleanProgram_nothing() {
        CheckTester.of(new MemoryLeak(), dir).settings(evidence(cleanXml)).run();
    }

    @Test
    void stillReachable_cleanProgram_infoOnly() {
        CheckTester.Result r = CheckTester.of(new StillReachable(), dir)
                .settings(evidence(cleanXml))
                .expect(dir.resolve("clean").toString(), at(CPrograms.CLEAN))
                .run();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity().label()).isEqualTo("info"));
    }

    @Test
    void everyOtherCheck_cleanProgram_nothing() {
        for (MemoryEvidenceCheck c : MemoryChecks.all()) {
            if (!(c instanceof StillReachable)) {
                CheckTester.of(c, dir).settings(evidence(cleanXml)).run();
            }
        }
    }

    @Test
    void invalidWrite_valgrindEvidence_critical() {
        CheckTester.of(new InvalidWrite(), dir)
                .settings(evidence(overflowXml))
                .expect(dir.resolve("heap_overflow").toString(), at(CPrograms.HEAP_OVERFLOW)
                        .and(f -> f.severity().label().equals("critical")))
                .run();
    }

    @Test
    void doubleFree_asanLog_findingAtProgramInImage() {
        CheckTester.of(new DoubleFree(), dir)
                .settings(evidence(dfreeAsanLog))
                .file("/opt/app/double_free-asan", dir.resolve("double_free-asan"))
                .expect("/opt/app/double_free-asan", at(CPrograms.DOUBLE_FREE)
                        .and(f -> "asan".equals(f.evidence().get("tool"))))
                .run();
    }

    @Test
    void useAfterFree_sameEvidenceTwice_oneFindingTwoOccurrences() throws Exception {
        Path copy = dir.resolve("uaf-second-run.xml");
        Files.copy(uafXml, copy, StandardCopyOption.REPLACE_EXISTING);
        CheckTester.of(new UseAfterFree(), dir)
                .settings(evidence(uafXml, copy))
                .expect(dir.resolve("use_after_free").toString(),
                        f -> Long.valueOf(2).equals(f.evidence().get("occurrences")))
                .run();
    }

    @Test
    void memoryLeak_unreadableEvidence_errorReportedOnce() throws Exception {
        Path junk = dir.resolve("junk.txt");
        Files.writeString(junk, "hello\n");
        CheckTester.Result r = CheckTester.of(new MemoryLeak(), dir).settings(evidence(junk)).allowErrors().run();
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("not a recognised"));
        CheckTester.Result other = CheckTester.of(new UseAfterFree(), dir).settings(evidence(junk)).allowErrors().run();
        assertThat(other.errors()).isEmpty();
    }

    @Test
    void all_everyKindOwnedByExactlyOneValidCheck() {
        for (MemoryErrorKind k : MemoryErrorKind.values()) {
            assertThat(MemoryChecks.all().stream().filter(c -> c.reports(k))).as(k.name()).hasSize(1);
        }
        MemoryChecks.all().forEach(c -> assertThat(CheckMetadata.of(c).problems()).isEmpty());
    }
}
