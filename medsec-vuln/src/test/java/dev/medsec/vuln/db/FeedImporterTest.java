package dev.medsec.vuln.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medsec.testkit.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FeedImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<Path> jsonFiles(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    /** An NVD API page / yearly feed made of the real records: {"vulnerabilities":[{"cve":...}]}. */
    private Path wrappedFeed(List<Path> cves) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("resultsPerPage", cves.size());
        root.put("startIndex", 0);
        root.put("totalResults", cves.size());
        root.put("format", "NVD_CVE");
        root.put("version", "2.0");
        ArrayNode vulns = root.putArray("vulnerabilities");
        for (Path p : cves) {
            vulns.addObject().set("cve", JSON.readTree(p.toFile()));
        }
        Path out = tmp.resolve("nvdcve-2.0-sample.json");
        JSON.writeValue(out.toFile(), root);
        return out;
    }

    @Test
    void importPaths_wrappedGzipAndXzFeeds_sameRecordsAsBareFiles() throws Exception {
        Path nvd = SharedData.require("vulndata/nvd");
        List<Path> cves = jsonFiles(nvd);
        Path wrapped = wrappedFeed(cves);
        Path gz = tmp.resolve("feed.json.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            Files.copy(wrapped, o);
        }
        Path xz = tmp.resolve("feed.json.xz");
        try (OutputStream o = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
            Files.copy(wrapped, o);
        }
        for (Path feed : List.of(wrapped, gz, xz)) {
            try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve(feed.getFileName() + ".db"))) {
                FeedImporter.Result r = new FeedImporter().importPaths(List.of(feed), db, s -> { });
                assertThat(r.problems()).as(feed + ": " + r.problemList()).isZero();
                assertThat(r.inserted()).isEqualTo(cves.size());
                assertThat(db.byProduct("openssl", "openssl")).extracting(StoredVuln::id).containsExactly("CVE-2022-3602");
            }
        }
    }

    @Test
    void importPaths_sameDataTwice_idempotentAndSnapshotStable() throws Exception {
        Path data = SharedData.require("vulndata");
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            FeedImporter imp = new FeedImporter();
            FeedImporter.Result first = imp.importPaths(List.of(data), db, s -> { });
            String snap1 = db.refreshSnapshot(java.time.Instant.EPOCH);
            FeedImporter.Result second = imp.importPaths(List.of(data), db, s -> { });
            String snap2 = db.refreshSnapshot(java.time.Instant.EPOCH);
            assertThat(first.inserted()).isEqualTo(28);
            assertThat(second.inserted()).isZero();
            assertThat(second.updated()).isZero();
            assertThat(second.unchanged()).isEqualTo(28);
            assertThat(snap2).isEqualTo(snap1);
            assertThat(db.status().records()).isEqualTo(28);
        }
    }

    @Test
    void importPaths_newerLastModified_replacesRecordAndItsIndex() throws Exception {
        Path rec = SharedData.require("vulndata/nvd/CVE-2022/CVE-2022-283xx/CVE-2022-28391.json");
        ObjectNode cve = (ObjectNode) JSON.readTree(rec.toFile());
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            new FeedImporter().importPaths(List.of(rec), db, s -> { });
            String before = db.refreshSnapshot(java.time.Instant.EPOCH);
            // A later revision that re-assigns the record to another product: the old index row must go.
            cve.put("lastModified", "2099-01-01T00:00:00.000");
            String text = cve.toString().replace("busybox:busybox", "busybox:busybox_renamed");
            Path newer = tmp.resolve("newer.json");
            Files.writeString(newer, text);
            FeedImporter.Result r = new FeedImporter().importPaths(List.of(newer), db, s -> { });
            assertThat(r.updated()).isEqualTo(1);
            assertThat(db.byProduct("busybox", "busybox")).isEmpty();
            assertThat(db.byProduct("busybox", "busybox_renamed")).hasSize(1);
            assertThat(db.refreshSnapshot(java.time.Instant.EPOCH)).isNotEqualTo(before);
            // An older revision never overwrites a newer one.
            Files.writeString(newer, JSON.readTree(rec.toFile()).toString());
            assertThat(new FeedImporter().importPaths(List.of(newer), db, s -> { }).unchanged()).isEqualTo(1);
        }
    }

    @Test
    void importPaths_osvEcosystemZip_recordsImported() throws Exception {
        Path osv = SharedData.require("vulndata/osv");
        Path zip = tmp.resolve("Maven-all.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (Path p : jsonFiles(osv)) {
                z.putNextEntry(new ZipEntry(p.getFileName().toString()));
                Files.copy(p, z);
                z.closeEntry();
            }
        }
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            FeedImporter.Result r = new FeedImporter().importPaths(List.of(zip), db, s -> { });
            assertThat(r.inserted()).isEqualTo(9);
            assertThat(db.byPackage("maven", "org.yaml:snakeyaml")).extracting(StoredVuln::id)
                    .containsExactly("GHSA-mjmj-j48q-9wg2");
            assertThat(db.byPackage("npm", "lodash").get(0).aliases()).contains("CVE-2021-23337");
        }
    }

    @Test
    void importPaths_malformedRecords_reportedAndSkipped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("feeds"));
        Files.writeString(dir.resolve("a-truncated.json"), "{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2020-0001\"");
        Files.writeString(dir.resolve("b-unknown.json"), "{\"hello\":\"world\"}");
        Files.writeString(dir.resolve("c-no-date.json"), "{\"id\":\"CVE-2020-0002\",\"vulnStatus\":\"Analyzed\"}");
        Files.writeString(dir.resolve("d-scalar.json"), "42");
        Files.write(dir.resolve("e-binary.json.gz"), "not gzip".getBytes(StandardCharsets.US_ASCII));
        Files.writeString(dir.resolve("f-deep.json"), "[".repeat(5000) + "]".repeat(5000));
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            FeedImporter imp = new FeedImporter();
            assertThatThrownBy(() -> imp.importPaths(List.of(dir.resolve("e-binary.json.gz")), db, s -> { }))
                    .isInstanceOf(java.io.IOException.class);
            Files.delete(dir.resolve("e-binary.json.gz"));
            FeedImporter.Result r = imp.importPaths(List.of(dir), db, s -> { });
            assertThat(r.records()).isZero();
            assertThat(r.problems()).isEqualTo(5);
            assertThat(db.status().records()).isZero();
        }
    }

    @Test
    void openExisting_notAMedsecDatabase_refused() throws Exception {
        Path other = tmp.resolve("other.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other);
             var s = c.createStatement()) {
            s.execute("CREATE TABLE t(x)");
        }
        assertThatThrownBy(() -> VulnDatabase.openExisting(other)).isInstanceOf(VulnDatabaseException.class)
                .hasMessageContaining("not a medsec vulnerability database");
        assertThat(VulnDatabase.openExisting(tmp.resolve("absent.db"))).isEmpty();
    }
}
