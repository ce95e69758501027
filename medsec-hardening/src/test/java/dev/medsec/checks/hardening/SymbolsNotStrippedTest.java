package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SymbolsNotStrippedTest {
    @TempDir
    Path dir;

    @Test
    void inspect_unstripped_reported() {
        CheckTester.of(new SymbolsNotStripped(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.MIPS, "app", "-g"))
                .expect("/usr/bin/app", f -> f.evidence().get("debugInfo").equals(true))
                .run();
    }

    @Test
    void inspect_stripped_notReported() {
        CheckTester.of(new SymbolsNotStripped(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.MIPS, "app", "-s"))
                .run();
    }
}
