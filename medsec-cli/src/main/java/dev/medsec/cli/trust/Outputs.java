package dev.medsec.cli.trust;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes command outputs whole or not at all (temporary file, then rename), optionally owner-only. */
final class Outputs {
    private Outputs() {
    }

    static void write(Path target, byte[] data, boolean ownerOnly) throws IOException {
        try {
            writeUnchecked(target, data, ownerOnly);
        } catch (java.nio.file.FileSystemException e) {
            throw dev.medsec.report.JsonReportWriter.cannotWrite(target, e);
        }
    }

    private static void writeUnchecked(Path target, byte[] data, boolean ownerOnly) throws IOException {
        Path abs = target.toAbsolutePath();
        Path parent = abs.getParent();
        Path tmp = Files.createTempFile(parent, "." + abs.getFileName(), ".tmp");
        try {
            if (ownerOnly) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: the platform default applies
                }
            }
            Files.write(tmp, data);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Refuses to replace an existing file unless asked to. */
    static void checkNew(Path target, boolean force) throws FileAlreadyExistsException {
        if (!force && Files.exists(target)) {
            throw new FileAlreadyExistsException(target + " exists (use --force to replace it)");
        }
    }
}
