package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class WritableExecutableSegmentTest {
    @TempDir
    Path dir;

    @Test
    void inspect_omagicLink_rwxSegmentReported() {
        CheckTester.of(new WritableExecutableSegment(), dir)
                .file("/bin/wx", Gcc.build(dir, Gcc.X86, "wx", Gcc.BARE, "-O2 -nostdlib -static -Wl,-N"))
                .expect("/bin/wx", f -> f.evidence().get("flags").equals("RWE"))
                .run();
    }

    @Test
    void inspect_defaultLayout_notReported() {
        CheckTester.of(new WritableExecutableSegment(), dir)
                .file("/bin/bare", Gcc.build(dir, Gcc.X86, "bare", Gcc.BARE, "-O2 -nostdlib -static"))
                .file("/bin/app", Gcc.app(dir, Gcc.AARCH64, "app", ""))
                .run();
    }
}
