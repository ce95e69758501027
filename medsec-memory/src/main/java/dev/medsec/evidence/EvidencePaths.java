package dev.medsec.evidence;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where in the image a piece of evidence belongs. Evidence is produced on a test machine, so it names programs by
 * host paths ("/ci/build/bin/infusiond"); when the image holds a file of the same name, the finding is reported
 * at that image path, otherwise at the program as the evidence named it, or at the evidence file when the
 * evidence names no program.
 */
public final class EvidencePaths {
    private EvidencePaths() {
    }

    public static String forProgram(Image image, String program, String evidenceName) {
        if (program.isBlank()) {
            return rooted(fileName(evidenceName));
        }
        String base = fileName(program);
        Optional<Artifact> inImage = image.files()
                .filter(a -> a.innerPath().equals("/" + base) || a.innerPath().endsWith("/" + base))
                .findFirst();
        return inImage.map(Artifact::path).orElseGet(() -> rooted(program));
    }

    /** A source file an analyzer named (relative to its source root) as a '/'-rooted path. */
    public static String forSource(String file, String evidenceName) {
        if (file.isBlank()) {
            return rooted(fileName(evidenceName));
        }
        String f = file.startsWith("./") ? file.substring(2) : file;
        return rooted(f);
    }

    static String rooted(String p) {
        if (p.startsWith("/")) {
            return p;
        }
        // "./harness" and "build/../bin/x" as afl-fuzz or a test runner recorded them
        String n = Path.of(p).normalize().toString();
        return "/" + (n.isEmpty() ? p : n);
    }

    static String fileName(String p) {
        Path f = Path.of(p).getFileName();
        return f == null ? p : f.toString();
    }
}
