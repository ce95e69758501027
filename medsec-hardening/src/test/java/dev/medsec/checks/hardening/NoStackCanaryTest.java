package dev.medsec.checks.hardening;

import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

class NoStackCanaryTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_dynamicProtected_notReported(String cc) {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-fstack-protector-strong"))
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_dynamicUnprotected_reported(String cc) {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-fno-stack-protector"))
                .expect("/usr/bin/app", f -> f.severity() == Severity.MEDIUM)
                .run();
    }

    /** checksec reports "No canary found" for all of these; main's call to __stack_chk_fail proves it. */
    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_staticProtectorAll_notReported(String cc) {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/sbin/app", Gcc.app(dir, cc, "app", "-static -fstack-protector-all"))
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_staticUnprotected_reportedForMain(String cc) {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/sbin/app", Gcc.app(dir, cc, "app", "-static -fno-stack-protector"))
                .expect("/sbin/app", f -> f.severity() == Severity.LOW
                        && f.evidence().get("symbols").toString().contains("no call to it from main"))
                .run();
    }

    @Test
    void inspect_staticWithoutAnyHandler_reportedMedium() {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/bin/bare", Gcc.build(dir, Gcc.X86, "bare", Gcc.BARE, "-O2 -nostdlib -static -fno-stack-protector"))
                .expect("/bin/bare", f -> f.severity() == Severity.MEDIUM)
                .run();
    }

    @Test
    void inspect_staticStripped_reportedAsUndetermined() {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static -s -fno-stack-protector"))
                .expect("/sbin/app", f -> f.severity() == Severity.INFO && f.evidence().get("determined").equals(false))
                .run();
    }

    /** Like libc.so.6: defines the handler (exported) and its own protected functions call it directly. */
    private static final String PROVIDER = """
            #include <string.h>
            void __stack_chk_fail(void) { for (;;) ; }
            int copy(const char *s) { char b[32]; strcpy(b, s); return b[3]; }
            """;

    @Test
    void inspect_handlerProviderWithProtectedFunctions_notReported() {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/lib/libc.so.6", Gcc.build(dir, Gcc.X86, "libprov.so", PROVIDER,
                        "-O2 -shared -fPIC -Wl,-Bsymbolic -fstack-protector-all"))
                .run();
    }

    @Test
    void inspect_handlerProviderWithoutProtectedFunctions_reported() {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/lib/libc.so.6", Gcc.build(dir, Gcc.X86, "libprov.so", PROVIDER,
                        "-O2 -shared -fPIC -Wl,-Bsymbolic -fno-stack-protector"))
                .expect("/lib/libc.so.6")
                .run();
    }

    @Test
    void inspect_libraryWithoutDependencies_judgedByImports() {
        CheckTester.of(new NoStackCanary(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB, "-O2 -shared -fPIC -nostdlib"))
                .expect("/usr/lib/libg.so", f -> f.evidence().get("linkage").equals("shared-library"))
                .run();
    }
}
