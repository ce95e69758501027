package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class NoX86CetTest {
    @TempDir
    Path dir;

    @Test
    void inspect_cfProtectionFull_notReported() {
        CheckTester.of(new NoX86Cet(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -fcf-protection=full"))
                .run();
    }

    @Test
    void inspect_cfProtectionNone_reportedBoth() {
        CheckTester.of(new NoX86Cet(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -fcf-protection=none"))
                .expect("/usr/lib/libg.so", f -> f.evidence().get("missing").equals(List.of("IBT", "SHSTK")))
                .run();
    }

    @Test
    void inspect_branchOnly_reportsShadowStack() {
        CheckTester.of(new NoX86Cet(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB,
                        "-shared -fPIC -nostdlib -fcf-protection=branch"))
                .expect("/usr/lib/libg.so", f -> f.evidence().get("missing").equals(List.of("SHSTK")))
                .run();
    }

    @Test
    void inspect_otherMachine_notReported() {
        CheckTester.of(new NoX86Cet(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.AARCH64, "app", ""))
                .run();
    }
}
