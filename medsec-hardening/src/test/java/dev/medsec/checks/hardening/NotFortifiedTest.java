package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

class NotFortifiedTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_fortified_notReported(String cc) {
        CheckTester.of(new NotFortified(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-D_FORTIFY_SOURCE=2"))
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_unfortified_reportedWithCalls(String cc) {
        CheckTester.of(new NotFortified(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-U_FORTIFY_SOURCE"))
                .expect("/usr/bin/app", f -> ((List<?>) f.evidence().get("unfortifiedCalls")).contains("strcpy")
                        && f.evidence().get("fortified").equals(0))
                .run();
    }

    @Test
    void inspect_fortifyAtO0_reportedBecauseItHasNoEffect() {
        CheckTester.of(new NotFortified(), dir)
                .file("/usr/bin/app", Gcc.build(dir, Gcc.X86, "app", Gcc.APP, "-O0 -D_FORTIFY_SOURCE=2 -Wno-cpp"))
                .expect("/usr/bin/app")
                .run();
    }

    @Test
    void inspect_staticFortified_notReported() {
        CheckTester.of(new NotFortified(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.ARMHF, "app", "-static -D_FORTIFY_SOURCE=2"))
                .run();
    }

    @Test
    void inspect_staticUnfortified_reported() {
        CheckTester.of(new NotFortified(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.ARMHF, "app", "-static -U_FORTIFY_SOURCE"))
                .expect("/sbin/app", f -> f.evidence().get("linkage").equals("static-executable"))
                .run();
    }

    @Test
    void inspect_libraryWithoutFortifiableCalls_notReported() {
        CheckTester.of(new NotFortified(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB, "-shared -fPIC"))
                .run();
    }
}
