package dev.medsec.sbom.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.core.Component;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.catalog.ApkCataloger;
import dev.medsec.sbom.catalog.BinaryClassifierCataloger;
import dev.medsec.sbom.catalog.DpkgCataloger;
import dev.medsec.vuln.cpe.Cpe;
import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.RecordSink;
import dev.medsec.vuln.db.VulnDatabase;
import dev.medsec.vuln.db.VulnRecord;
import dev.medsec.vuln.version.VersionScheme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the SOUP parsers with arbitrary input. Under {@code mvn verify} the committed corpus
 * (SoupParsersFuzzTestInputs/) runs as regression tests; with JAZZER_FUZZ=1 Jazzer explores further. Contract:
 * package databases and binaries never throw out of a cataloger; a feed either imports or reports problems (only
 * IOException for undecodable compression); CPE parsing and version comparison never throw.
 */
class SoupParsersFuzzTest {

    private static Image imageWith(String innerPath, byte[] input, Path dir) throws IOException {
        Path f = dir.resolve("f");
        Files.write(f, input);
        return new Image("fuzz", List.of(Artifact.ofFile("", innerPath, FileMeta.of(EntryKind.FILE, 0755, 0, 0), f)),
                ScanSettings.defaults());
    }

    @FuzzTest(maxDuration = "30s")
    void catalog_arbitraryPackageDatabases_neverThrows(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("medsec-fuzz-");
        try {
            for (String p : List.of("/var/lib/dpkg/status", "/lib/apk/db/installed")) {
                Image image = imageWith(p, input, dir);
                List<Component> cs = p.startsWith("/var") ? new DpkgCataloger().catalog(image, e -> { })
                        : new ApkCataloger().catalog(image, e -> { });
                assertThat(cs).allSatisfy(c -> assertThat(c.name()).isNotEmpty());
            }
            Image bin = imageWith("/usr/lib/libcrypto.so.3", input, dir);
            new BinaryClassifierCataloger().catalog(bin, e -> { });
        } finally {
            try (var s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void importStream_arbitraryFeed_importsOrReportsProblems(byte[] input) throws IOException {
        FeedImporter.Result r = new FeedImporter.Result();
        List<VulnRecord> stored = new java.util.ArrayList<>();
        RecordSink sink = rec -> {
            assertThat(rec.id()).isNotEmpty();
            assertThat(rec.modified()).isNotEmpty();
            stored.add(rec);
            return VulnDatabase.Upsert.INSERTED;
        };
        try {
            new FeedImporter().importStream(new java.io.ByteArrayInputStream(input), "feed.json", sink, r);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // malformed JSON is reported per file by importPaths; the stream API lets it through as IOException
        }
        assertThat(r.records()).isEqualTo(stored.size());
    }

    @FuzzTest(maxDuration = "20s")
    void parseAndCompare_arbitraryStrings_neverThrows(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        int mid = s.length() / 2;
        Cpe.parse(s).ifPresent(c -> assertThat(Cpe.parse(c.format())).contains(c));
        for (VersionScheme v : VersionScheme.values()) {
            int a = v.compare(s.substring(0, mid), s.substring(mid));
            int b = v.compare(s.substring(mid), s.substring(0, mid));
            assertThat(Integer.signum(a)).isEqualTo(-Integer.signum(b));
        }
    }
}
