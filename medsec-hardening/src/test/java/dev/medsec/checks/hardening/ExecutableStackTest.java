package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

class ExecutableStackTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF})
    void inspect_execstack_reportedWithFlags(String cc) {
        CheckTester.of(new ExecutableStack(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-Wl,-z,execstack"))
                .expect("/usr/bin/app", f -> f.evidence().get("flags").equals("RWE"))
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_noexecstack_notReported(String cc) {
        CheckTester.of(new ExecutableStack(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-Wl,-z,noexecstack"))
                .run();
    }

    @Test
    void inspect_mipsDefault_executableStackReported() {
        // Debian's MIPS toolchain still marks the stack executable by default (FPU emulation trampolines).
        CheckTester.of(new ExecutableStack(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.MIPS, "app", ""))
                .expect("/usr/bin/app", f -> f.evidence().get("machine").equals("MIPS"))
                .run();
    }

    @Test
    void inspect_staticExecstack_reported() {
        CheckTester.of(new ExecutableStack(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static -Wl,-z,execstack"))
                .expect("/sbin/app", f -> f.evidence().get("linkage").equals("static-executable"))
                .run();
    }
}
