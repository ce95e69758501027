package dev.medsec.checks.attacksurface;

import dev.medsec.core.Severity;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

class PermissionChecksTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void setuidInventory_binariesAndScripts() {
        CheckTester.of(new SetuidInventory(), tmp)
                .file("/usr/bin/passwd", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, FileMeta.of(EntryKind.FILE, 04755, 0, 0))
                .file("/usr/bin/wall", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, FileMeta.of(EntryKind.FILE, 02755, 0, 5))
                .file("/usr/local/bin/fix.sh", bytes("#!/bin/sh\necho hi\n"), FileMeta.of(EntryKind.FILE, 04755, 0, 0))
                .file("/usr/bin/ls", new byte[] {0x7f, 'E', 'L', 'F'}, FileMeta.of(EntryKind.FILE, 0755, 0, 0))
                .file("/usr/bin/unknown-mode", new byte[] {1}, FileMeta.of(EntryKind.FILE))
                .expect("/usr/bin/passwd", f -> f.severity() == Severity.INFO && "setuid".equals(f.evidence().get("bits")))
                .expect("/usr/bin/wall", f -> "setgid".equals(f.evidence().get("bits")))
                .expect("/usr/local/bin/fix.sh", f -> f.severity() == Severity.MEDIUM)
                .run();
    }

    @Test
    void worldWritableFile_systemAndSetuidReported_tmpIgnored() {
        CheckTester.of(new WorldWritableFile(), tmp)
                .file("/etc/init.d/pumpd", bytes("#!/bin/sh\n"), FileMeta.of(EntryKind.FILE, 0777, 0, 0))
                .file("/usr/bin/helper", bytes("x"), FileMeta.of(EntryKind.FILE, 04777, 0, 0))
                .file("/tmp/scratch", bytes("x"), FileMeta.of(EntryKind.FILE, 0666, 0, 0))
                .file("/etc/passwd", bytes("root:x:0:0::/root:/bin/sh\n"), FileMeta.of(EntryKind.FILE, 0644, 0, 0))
                .entry("/usr/bin/link", FileMeta.of(EntryKind.SYMLINK, 0777, 0, 0).withLinkTarget("helper"))
                .expect("/etc/init.d/pumpd", f -> f.severity() == Severity.HIGH)
                .expect("/usr/bin/helper", f -> f.severity() == Severity.CRITICAL)
                .run();
    }

    @Test
    void worldWritableDir_withoutSticky_reported() {
        CheckTester.of(new WorldWritableDirectory(), tmp)
                .entry("/tmp", FileMeta.of(EntryKind.DIRECTORY, 01777, 0, 0))
                .entry("/var/upload", FileMeta.of(EntryKind.DIRECTORY, 0777, 0, 0))
                .entry("/usr/share/pump", FileMeta.of(EntryKind.DIRECTORY, 0777, 0, 0))
                .entry("/var/log", FileMeta.of(EntryKind.DIRECTORY, 0755, 0, 0))
                .expect("/var/upload", f -> f.severity() == Severity.MEDIUM)
                .expect("/usr/share/pump", f -> f.severity() == Severity.HIGH)
                .run();
    }
}
