package dev.medsec.testkit;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared reference data (real NVD/OSV records, Wycheproof vectors) lives beside the repository
 * and is read in place, never copied. Tests that need it skip, with the reason shown, when it is absent.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The shared data folder, or a skipped test when it is not there. */
    public static Path require(String sub) {
        String base = System.getProperty("medsec.shared", "../../shared");
        Path p = Path.of(base).resolve(sub).normalize();
        Assumptions.assumeTrue(Files.isDirectory(p) || Files.isRegularFile(p),
                "shared reference data not present (" + sub + "): test skipped");
        return p;
    }
}
