package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class NoAarch64BranchProtectionTest {
    @TempDir
    Path dir;

    @Test
    void inspect_standard_notReported() {
        CheckTester.of(new NoAarch64BranchProtection(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.AARCH64, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -mbranch-protection=standard"))
                .run();
    }

    @Test
    void inspect_none_reportedBoth() {
        CheckTester.of(new NoAarch64BranchProtection(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.AARCH64, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -mbranch-protection=none"))
                .expect("/usr/lib/libg.so", f -> f.evidence().get("missing").equals(List.of("BTI", "PAC")))
                .run();
    }

    @Test
    void inspect_btiOnly_reportsPac() {
        CheckTester.of(new NoAarch64BranchProtection(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.AARCH64, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -mbranch-protection=bti"))
                .expect("/usr/lib/libg.so", f -> f.evidence().get("missing").equals(List.of("PAC")))
                .run();
    }

    @Test
    void inspect_x86_notReported() {
        CheckTester.of(new NoAarch64BranchProtection(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.X86, "app", ""))
                .run();
    }
}
