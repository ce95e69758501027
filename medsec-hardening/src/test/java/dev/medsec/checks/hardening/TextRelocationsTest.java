package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class TextRelocationsTest {
    @TempDir
    Path dir;

    @Test
    void inspect_nonPicArmLibrary_reported() {
        // ARM-mode literal pools with word relocations put absolute addresses into .text.
        CheckTester.of(new TextRelocations(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.ARMHF, "libg.so", Gcc.LIB,
                        "-marm -mword-relocations -fno-PIC -shared"))
                .expect("/usr/lib/libg.so", f -> f.evidence().get("dynamic").toString().contains("TEXTREL"))
                .run();
    }

    @Test
    void inspect_picLibrary_notReported() {
        CheckTester.of(new TextRelocations(), dir)
                .file("/usr/lib/libg.so", Gcc.build(dir, Gcc.ARMHF, "libg.so", Gcc.LIB, "-marm -fPIC -shared"))
                .run();
    }
}
