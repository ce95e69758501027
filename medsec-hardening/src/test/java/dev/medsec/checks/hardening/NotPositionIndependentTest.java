package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

class NotPositionIndependentTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_noPie_reported(String cc) {
        CheckTester.of(new NotPositionIndependent(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-fno-PIE -no-pie"))
                .expect("/usr/bin/app", f -> f.evidence().get("e_type").equals("ET_EXEC")
                        && f.evidence().get("linkage").equals("dynamic-executable"))
                .run();
    }

    @ParameterizedTest
    @ValueSource(strings = {Gcc.X86, Gcc.AARCH64, Gcc.ARMHF, Gcc.MIPS})
    void inspect_pie_notReported(String cc) {
        CheckTester.of(new NotPositionIndependent(), dir)
                .file("/usr/bin/app", Gcc.app(dir, cc, "app", "-fPIE -pie"))
                .run();
    }

    @Test
    void inspect_staticNonPie_reportedAsStatic() {
        CheckTester.of(new NotPositionIndependent(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static"))
                .expect("/sbin/app", f -> f.evidence().get("linkage").equals("static-executable"))
                .run();
    }

    @Test
    void inspect_staticPie_notReported() {
        CheckTester.of(new NotPositionIndependent(), dir)
                .file("/sbin/app", Gcc.app(dir, Gcc.X86, "app", "-static-pie"))
                .run();
    }

    @Test
    void inspect_sharedLibraryAndObject_notReported() {
        CheckTester.of(new NotPositionIndependent(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.X86, "libg.so", Gcc.LIB, "-shared -fPIC"))
                .file("/lib/modules/x.ko", Gcc.build(dir, Gcc.X86, "x.o", Gcc.LIB, "-c"))
                .run();
    }

    @Test
    void inspect_truncatedElf_errorNotCrash() {
        byte[] bytes = new byte[80];
        bytes[0] = 0x7f;
        bytes[1] = 'E';
        bytes[2] = 'L';
        bytes[3] = 'F';
        bytes[4] = 2;
        bytes[5] = 1;
        bytes[32] = (byte) 0xff; // e_phoff far beyond the file
        bytes[56] = 1;           // e_phnum
        bytes[54] = 56;          // e_phentsize
        CheckTester.Result r = CheckTester.of(new NotPositionIndependent(), dir)
                .file("/bin/broken", bytes).allowErrors().run();
        org.assertj.core.api.Assertions.assertThat(r.errors()).hasSize(1);
    }
}
