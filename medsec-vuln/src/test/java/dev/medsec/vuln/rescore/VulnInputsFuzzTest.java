package dev.medsec.vuln.rescore;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.vuln.db.ExploitSignals;
import dev.medsec.vuln.db.VulnDatabase;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;

/**
 * The readers of untrusted vulnerability inputs: SBOMs given to rescore (CycloneDX or SPDX from any tool), and the
 * KEV catalog and EPSS file given to db import. They read or fail with their declared exception, never anything
 * else. Seeded with OWASP cyclonedx-npm's output, medsec's own SPDX and the published KEV/EPSS formats.
 */
class VulnInputsFuzzTest {
    private static Path scratch;
    private static VulnDatabase db;

    private static synchronized VulnDatabase db() throws IOException {
        if (db == null) {
            scratch = Files.createTempDirectory("vuln-fuzz");
            db = VulnDatabase.openForWrite(scratch.resolve("f.db"));
        }
        return db;
    }

    @FuzzTest(maxDuration = "30s")
    void sbomDocument_arbitraryJson_readsOrRefuses(byte[] data) throws IOException {
        Path f = Files.createTempFile("sbom", ".json");
        try {
            Files.write(f, data);
            SbomDocument.read(f);
        } catch (SbomFormatException expected) {
            // a malformed SBOM: the declared outcome
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void exploitFeeds_arbitraryBytes_importOrRefuse(byte[] data) throws IOException {
        ExploitSignals s = db().exploitSignals();
        try {
            if (data.length > 0 && (data[0] & 1) == 0) {
                s.importKev(new ByteArrayInputStream(data, 1, data.length - 1), "kev.json", new ArrayList<>());
            } else {
                s.importEpss(new ByteArrayInputStream(data), "epss.csv", new ArrayList<>());
            }
        } catch (IOException expected) {
            // not a catalog or score file: the declared outcome (the previous set stays)
        }
    }
}
