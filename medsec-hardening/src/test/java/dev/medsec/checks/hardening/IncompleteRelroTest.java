package dev.medsec.checks.hardening;

import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

class IncompleteRelroTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_fullRelro_notReported(String cc) {
        CheckTester.of(new IncompleteRelro(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-Wl,-z,relro,-z,now"))
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_lazyBinding_partialLow(String cc) {
        CheckTester.of(new IncompleteRelro(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-Wl,-z,relro,-z,lazy"))
                .expect("/usr/bin/app", f -> f.evidence().get("relro").equals("partial") && f.severity() == Severity.LOW)
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64})
    void inspect_norelro_noneMedium(String cc) {
        CheckTester.of(new IncompleteRelro(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-Wl,-z,norelro"))
                .expect("/usr/bin/app", f -> f.evidence().get("relro").equals("none")
                        && f.severity() == Severity.MEDIUM)
                .run();
    }

    @Test
    void inspect_bindNowViaFlags1Only_notReported() {
        // -z now sets DF_BIND_NOW and DF_1_NOW; either alone is enough for the loader.
        CheckTester.of(new IncompleteRelro(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB, "-shared -fPIC -Wl,-z,relro,-z,now"))
                .run();
    }

    @Test
    void inspect_staticWithRelro_notReportedBecauseNoLazyBinding() {
        CheckTester.of(new IncompleteRelro(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static"))
                .run();
    }
}
