package dev.medsec.memory.sanitizer;

import dev.medsec.memory.CPrograms;
import dev.medsec.memory.EvidenceException;
import dev.medsec.memory.MemoryError;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.memory.StackFrame;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Logs written by the real ASan/LSan/UBSan runtimes of programs built with -fsanitize=address,undefined. */
class SanitizerLogParserTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void tools() {
        Tools.require("gcc");
    }

    /** Builds the program with sanitizers, runs it (it fails, by design) and parses its log. */
    static List<MemoryError> runSanitized(CPrograms program) throws Exception {
        Path exe = program.compile(dir, "-asan", "-fsanitize=address,undefined");
        Path log = dir.resolve(exe.getFileName() + ".log");
        Tools.sh(dir, "ASAN_OPTIONS=detect_leaks=1 " + exe + " > " + log + " 2>&1 || true");
        return SanitizerLogParser.parse(log);
    }

    private static void assertAt(MemoryError e, CPrograms program) {
        StackFrame f = e.defectFrame().orElseThrow();
        assertThat(f.file()).isEqualTo(program.fileName());
        assertThat(f.line()).isEqualTo(program.defectLine());
    }

    @Test
    void parse_asanUseAfterFree_withFreeAndAllocStacks() throws Exception {
        assertThat(runSanitized(CPrograms.USE_AFTER_FREE)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.USE_AFTER_FREE);
            assertThat(e.tool()).isEqualTo("asan");
            assertThat(e.toolKind()).isEqualTo("heap-use-after-free");
            assertThat(e.bytes()).isEqualTo(1);
            assertAt(e, CPrograms.USE_AFTER_FREE);
            assertThat(MemoryError.userFrames(e.freeStack()).get(0).line())
                    .isEqualTo(CPrograms.USE_AFTER_FREE.defectLine() - 1);
            assertThat(MemoryError.userFrames(e.allocStack())).isNotEmpty();
            assertThat(e.program()).endsWith("use_after_free-asan");
        });
    }

    @Test
    void parse_asanDoubleFree_doubleFree() throws Exception {
        assertThat(runSanitized(CPrograms.DOUBLE_FREE)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.DOUBLE_FREE);
            assertAt(e, CPrograms.DOUBLE_FREE);
        });
    }

    @Test
    void parse_asanHeapOverflow_invalidWrite() throws Exception {
        assertThat(runSanitized(CPrograms.HEAP_OVERFLOW)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.INVALID_WRITE);
            assertThat(e.toolKind()).isEqualTo("heap-buffer-overflow");
            assertThat(e.bytes()).isEqualTo(4);
            assertAt(e, CPrograms.HEAP_OVERFLOW);
        });
    }

    @Test
    void parse_lsanLeak_directLeakWithBytes() throws Exception {
        assertThat(runSanitized(CPrograms.LEAK)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.LEAK_DEFINITE);
            assertThat(e.tool()).isEqualTo("lsan");
            assertThat(e.bytes()).isEqualTo(40);
            assertThat(e.blocks()).isEqualTo(1);
            assertAt(e, CPrograms.LEAK);
        });
    }

    @Test
    void parse_ubsanSignedOverflow_undefinedBehaviourAtLine() throws Exception {
        assertThat(runSanitized(CPrograms.UNDEFINED)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.UNDEFINED_BEHAVIOUR);
            assertThat(e.toolKind()).isEqualTo("signed-integer-overflow");
            assertAt(e, CPrograms.UNDEFINED);
        });
    }

    @Test
    void parse_cleanProgram_nothing() throws Exception {
        assertThat(runSanitized(CPrograms.CLEAN)).isEmpty();
    }

    @Test
    void parse_sameDefectValgrindAndAsan_sameFingerprintTopFrame() throws Exception {
        MemoryError asan = runSanitized(CPrograms.USE_AFTER_FREE).get(0);
        assertThat(asan.fingerprintKey()).startsWith("USE_AFTER_FREE|main@use_after_free.c:"
                + CPrograms.USE_AFTER_FREE.defectLine());
    }

    private static List<MemoryError> parse(String log) throws Exception {
        return SanitizerLogParser.parse(new ByteArrayInputStream(log.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parse_programOutputOnly_nothing() throws Exception {
        assertThat(parse("starting\n#0 not a frame\nERROR: something else\nruntime error without location\n"))
                .isEmpty();
    }

    @Test
    void parse_cxxFrameAndModuleOnlyFrames_parsed() throws Exception {
        String log = """
                ==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x1 at pc 0x2 bp 0x3 sp 0x4
                READ of size 8 at 0x1 thread T0
                    #0 0x5 in Parser::take(int, char const*) /src/p.cc:42:7
                    #1 0x6 (/lib/x86_64-linux-gnu/libc.so.6+0x271ca)
                    #2 0x7 in _start (/opt/app/bin/parserd+0x1120)
                SUMMARY: AddressSanitizer: heap-buffer-overflow /src/p.cc:42:7 in Parser::take(int, char const*)
                """;
        assertThat(parse(log)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.INVALID_READ);
            assertThat(e.stack().get(0)).isEqualTo(new StackFrame("Parser::take(int, char const*)", "", "p.cc", 42));
            assertThat(e.stack().get(1).object()).isEqualTo("/lib/x86_64-linux-gnu/libc.so.6");
            assertThat(e.program()).isEqualTo("/opt/app/bin/parserd");
        });
    }

    @Test
    void parse_truncatedReport_keepsWhatWasThere() throws Exception {
        String log = "==1==ERROR: AddressSanitizer: heap-use-after-free on address 0x1\nREAD of size 1 at 0x1 thread T0\n"
                + "    #0 0x5 in main /src/a.c:8";
        assertThat(parse(log)).singleElement().satisfies(e -> assertThat(e.defectFrame().orElseThrow().line()).isEqualTo(8));
    }

    @Test
    void parse_tooManyFrames_refused() {
        StringBuilder sb = new StringBuilder("==1==ERROR: AddressSanitizer: SEGV on unknown address 0x0\n");
        for (int i = 0; i <= SanitizerLogParser.MAX_FRAMES; i++) {
            sb.append("    #").append(i).append(" 0x1 in f").append(i).append(" /a.c:1\n");
        }
        assertThatThrownBy(() -> parse(sb.toString())).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_hugeLineNumbers_clampedNotCrashing() throws Exception {
        String log = "a.c:99999999999999999999:1: runtime error: division by zero\n";
        assertThat(parse(log)).singleElement().satisfies(e -> {
            assertThat(e.toolKind()).isEqualTo("integer-divide-by-zero");
            assertThat(e.stack().get(0).line()).isEqualTo(Integer.MAX_VALUE);
        });
    }
}
