package dev.medsec.vuln.match;

import dev.medsec.core.Component;
import dev.medsec.vuln.db.FeedImporter;
import dev.medsec.vuln.db.VulnDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Distribution packages are matched by their distribution's own advisories, on source package and version, with
 * Debian's version order and the release named by the ecosystem. The records follow the layout of the OSV export
 * of the Debian security tracker (DSA/DLA ids, ecosystem "Debian:12", source package names).
 */
class DistroMatchingTest {
    @TempDir
    Path tmp;

    private static final String DSA = "{\"schema_version\":\"1.6.0\",\"id\":\"DSA-5417-1\",\"modified\":"
            + "\"2023-06-01T00:00:00Z\",\"published\":\"2023-05-31T00:00:00Z\",\"aliases\":[\"CVE-2023-2650\"],"
            + "\"summary\":\"openssl - security update\",\"affected\":[{\"package\":{\"ecosystem\":\"Debian:12\","
            + "\"name\":\"openssl\",\"purl\":\"pkg:deb/debian/openssl?arch=source\"},\"ranges\":[{\"type\":\"ECOSYSTEM\","
            + "\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.9-1\"}]}]},{\"package\":{\"ecosystem\":\"Debian:11\","
            + "\"name\":\"openssl\"},\"ranges\":[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},"
            + "{\"fixed\":\"1.1.1n-0+deb11u5\"}]}]}]}";

    private static Component libssl(String binaryVersion, String sourceVersion, String distro) {
        return new Component("libssl3", binaryVersion,
                Optional.of("pkg:deb/debian/libssl3@" + binaryVersion + "?arch=amd64&distro=" + distro),
                Optional.of("cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*"), "dpkg", "/var/lib/dpkg/status",
                Map.of("sourcePackage", "openssl", "sourceVersion", sourceVersion));
    }

    @Test
    void match_debianPackages_bySourcePackageReleaseAndDebianOrder() throws Exception {
        Path f = tmp.resolve("DSA-5417-1.json");
        Files.writeString(f, DSA);
        try (VulnDatabase db = VulnDatabase.openForWrite(tmp.resolve("m.db"))) {
            new FeedImporter().importPaths(List.of(f), db, s -> { });
            VulnerabilityMatcher m = new VulnerabilityMatcher(db, List.of());
            List<Match> hit = m.match(libssl("3.0.8-1", "3.0.8-1", "debian-12"));
            assertThat(hit).extracting(x -> x.vulnerability().id()).containsExactly("DSA-5417-1");
            assertThat(hit.get(0).criteria()).isEqualTo("Debian:12:openssl");
            assertThat(hit.get(0).fixed()).contains("3.0.9-1");
            // fixed, and back-ported fixes with ~ and +debNuM revisions compare as Debian does
            assertThat(m.match(libssl("3.0.9-1", "3.0.9-1", "debian-12"))).isEmpty();
            assertThat(m.match(libssl("3.0.11-1~deb12u2", "3.0.11-1~deb12u2", "debian-12"))).isEmpty();
            assertThat(m.match(libssl("3.0.9~rc1-1", "3.0.9~rc1-1", "debian-12"))).hasSize(1);
            // bullseye's range applies to a bullseye package only
            assertThat(m.match(libssl("1.1.1n-0+deb11u4", "1.1.1n-0+deb11u4", "debian-11"))).hasSize(1);
            assertThat(m.match(libssl("1.1.1n-0+deb11u5", "1.1.1n-0+deb11u5", "debian-11"))).isEmpty();
            // the upstream CPE on a dpkg component is never used
            assertThat(m.match(new Component("libssl3", "3.0.8-1", Optional.empty(),
                    Optional.of("cpe:2.3:a:openssl:openssl:3.0.8:*:*:*:*:*:*:*"), "dpkg", "/var/lib/dpkg/status",
                    Map.of()))).isEmpty();
        }
    }
}
