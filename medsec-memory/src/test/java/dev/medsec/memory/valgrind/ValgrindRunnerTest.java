package dev.medsec.memory.valgrind;

import dev.medsec.memory.CPrograms;
import dev.medsec.memory.MemoryError;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.memory.StackFrame;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs real programs, built by gcc -g in the test, under the real Valgrind. */
class ValgrindRunnerTest {
    @TempDir
    static Path dir;

    private static final ValgrindRunner RUNNER = ValgrindRunner.withDefaults(Duration.ofSeconds(60));

    @BeforeAll
    static void tools() {
        Tools.require("gcc");
        Tools.require("valgrind");
    }

    private static ValgrindRun run(CPrograms program) throws Exception {
        Path exe = program.compile(dir, "");
        return RUNNER.run(List.of(exe.toString()), dir);
    }

    private static List<MemoryError> defects(ValgrindRun run) {
        return run.output().errors().stream().filter(e -> e.kind() != MemoryErrorKind.STILL_REACHABLE).toList();
    }

    private static void assertAt(MemoryError e, CPrograms program) {
        StackFrame f = e.defectFrame().orElseThrow();
        assertThat(f.file()).isEqualTo(program.fileName());
        assertThat(f.line()).isEqualTo(program.defectLine());
        assertThat(f.function()).isEqualTo("main");
    }

    @Test
    void run_leak_definitelyLostWithBytesBlocksAndAllocationLine() throws Exception {
        ValgrindRun run = run(CPrograms.LEAK);
        assertThat(run.exitCode()).hasValue(0);
        assertThat(run.timedOut()).isFalse();
        List<MemoryError> d = defects(run);
        assertThat(d).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.LEAK_DEFINITE);
            assertThat(e.bytes()).isEqualTo(40);
            assertThat(e.blocks()).isEqualTo(1);
            assertAt(e, CPrograms.LEAK);
        });
    }

    @Test
    void run_doubleFree_doubleFreeWithFreeAndAllocStacks() throws Exception {
        List<MemoryError> d = defects(run(CPrograms.DOUBLE_FREE));
        assertThat(d).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.DOUBLE_FREE);
            assertThat(e.toolKind()).isEqualTo("InvalidFree");
            assertAt(e, CPrograms.DOUBLE_FREE);
            assertThat(MemoryError.userFrames(e.freeStack())).first()
                    .satisfies(f -> assertThat(f.line()).isEqualTo(CPrograms.DOUBLE_FREE.defectLine() - 1));
            assertThat(MemoryError.userFrames(e.allocStack())).first()
                    .satisfies(f -> assertThat(f.line()).isEqualTo(CPrograms.DOUBLE_FREE.defectLine() - 2));
        });
    }

    @Test
    void run_useAfterFree_useAfterFreeNotPlainInvalidRead() throws Exception {
        List<MemoryError> d = defects(run(CPrograms.USE_AFTER_FREE));
        assertThat(d).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.USE_AFTER_FREE);
            assertThat(e.toolKind()).isEqualTo("InvalidRead");
            assertAt(e, CPrograms.USE_AFTER_FREE);
            assertThat(e.freeStack()).isNotEmpty();
            assertThat(e.allocStack()).isNotEmpty();
        });
    }

    @Test
    void run_heapOverflow_invalidWriteOfFourBytes() throws Exception {
        List<MemoryError> d = defects(run(CPrograms.HEAP_OVERFLOW));
        assertThat(d).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.INVALID_WRITE);
            assertThat(e.bytes()).isEqualTo(4);
            assertAt(e, CPrograms.HEAP_OVERFLOW);
            assertThat(e.allocStack()).isNotEmpty();
        });
    }

    @Test
    void run_uninitialisedRead_uninitConditionWithOrigin() throws Exception {
        List<MemoryError> d = defects(run(CPrograms.UNINITIALISED));
        assertThat(d).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.UNINITIALISED_CONDITION);
            assertAt(e, CPrograms.UNINITIALISED);
            assertThat(MemoryError.userFrames(e.originStack())).isNotEmpty();
        });
    }

    @Test
    void run_cleanProgram_onlyStillReachable() throws Exception {
        ValgrindRun run = run(CPrograms.CLEAN);
        assertThat(run.exitCode()).hasValue(0);
        assertThat(run.output().errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(MemoryErrorKind.STILL_REACHABLE);
            assertThat(e.bytes()).isEqualTo(64);
            assertAt(e, CPrograms.CLEAN);
        });
    }

    @Test
    void run_repeatedRuns_sameFingerprint() throws Exception {
        Path exe = CPrograms.USE_AFTER_FREE.compile(dir, "-twice");
        String a = RUNNER.run(List.of(exe.toString()), dir).output().errors().get(0).fingerprintKey();
        String b = RUNNER.run(List.of(exe.toString()), dir).output().errors().get(0).fingerprintKey();
        assertThat(a).isEqualTo(b).startsWith("USE_AFTER_FREE|main@use_after_free.c:");
    }

    @Test
    void run_programExitStatus_kept() throws Exception {
        ValgrindRun run = run(CPrograms.EXIT_SEVEN);
        assertThat(run.exitCode()).hasValue(7);
        assertThat(run.output().complete()).isTrue();
        assertThat(run.output().errors()).isEmpty();
    }

    @Test
    void run_programOverTimeLimit_killedAndMarkedTimedOut() throws Exception {
        Path exe = CPrograms.SPIN.compile(dir, "");
        ValgrindRunner quick = ValgrindRunner.withDefaults(Duration.ofSeconds(3));
        long start = System.nanoTime();
        ValgrindRun run = quick.run(List.of(exe.toString()), dir);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(run.timedOut()).isTrue();
        assertThat(run.exitCode()).isEmpty();
        assertThat(run.output().complete()).isFalse();
    }

    @Test
    void run_valgrindMissing_clearError() {
        ValgrindRunner missing = new ValgrindRunner(dir.resolve("no-such-valgrind").toString(),
                Duration.ofSeconds(5), List.of(), ProcessBuilder.Redirect.DISCARD);
        assertThatThrownBy(() -> missing.run(List.of("/bin/true"), dir))
                .isInstanceOf(ValgrindUnavailableException.class)
                .hasMessageContaining("install Valgrind");
    }

    @Test
    void run_programMissing_evidenceExceptionNamesIt() {
        assertThatThrownBy(() -> RUNNER.run(List.of(dir.resolve("no-such-program").toString()), dir))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("no-such-program");
    }
}
