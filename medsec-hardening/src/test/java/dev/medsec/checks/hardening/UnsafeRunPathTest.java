package dev.medsec.checks.hardening;

import dev.medsec.core.Severity;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

class UnsafeRunPathTest {
    @TempDir
    Path dir;

    private Path withRpath(String rpath, boolean runpath) {
        return Gcc.app(dir, Gcc.X86, "app", "'-Wl,-rpath," + rpath + "' -Wl,--"
                + (runpath ? "enable" : "disable") + "-new-dtags");
    }

    @ParameterizedTest
    @CsvSource({
        "/tmp/lib, world-writable",
        "lib, relative",
        "'$ORIGIN/../../../../lib', origin-escapes",
        "/usr/lib/app:/var/tmp, world-writable",
    })
    void inspect_dangerousEntry_reported(String rpath, String risk) {
        CheckTester.of(new UnsafeRunPath(), dir)
                .file("/usr/bin/app", withRpath(rpath, false))
                .expect("/usr/bin/app", f -> f.evidence().get("risk").equals(risk)
                        && f.evidence().get("dynamic").toString().startsWith("DT_RPATH="))
                .run();
    }

    @Test
    void inspect_emptyEntryInRunpath_reportedHigh() {
        CheckTester.of(new UnsafeRunPath(), dir)
                .file("/usr/bin/app", withRpath("/usr/lib/app:", true))
                .expect("/usr/bin/app", f -> f.evidence().get("risk").equals("empty") && f.severity() == Severity.HIGH
                        && f.evidence().get("dynamic").toString().startsWith("DT_RUNPATH="))
                .run();
    }

    @Test
    void inspect_worldWritableDirectoryOfTheImage_reported() {
        CheckTester.of(new UnsafeRunPath(), dir)
                .entry("/opt/plugins", FileMeta.of(EntryKind.DIRECTORY, 0777, 0, 0))
                .file("/usr/bin/app", withRpath("/opt/plugins", true))
                .expect("/usr/bin/app", f -> f.evidence().get("risk").equals("world-writable"))
                .run();
    }

    @Test
    void inspect_originInsideImage_info() {
        CheckTester.of(new UnsafeRunPath(), dir)
                .entry("/opt/plugins", FileMeta.of(EntryKind.DIRECTORY, 0755, 0, 0))
                .file("/usr/bin/app", withRpath("$ORIGIN/../lib", true))
                .expect("/usr/bin/app", f -> f.severity() == Severity.INFO && f.evidence().get("risk").equals("absolute"))
                .run();
    }

    @Test
    void inspect_noRpath_notReported() {
        CheckTester.of(new UnsafeRunPath(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.AARCH64, "app", ""))
                .run();
    }
}
