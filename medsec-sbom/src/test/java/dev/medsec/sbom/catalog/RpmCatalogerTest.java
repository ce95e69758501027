package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.Image;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An rpmdb.sqlite made by the real rpm: packages built with rpmbuild, registered with rpm --justdb. */
class RpmCatalogerTest {
    @TempDir
    Path tmp;

    private Path buildRpm(String name, String version, String release, String epoch) throws Exception {
        Path spec = tmp.resolve(name + ".spec");
        Files.writeString(spec, "Name: " + name + "\nVersion: " + version + "\nRelease: " + release + "\n"
                + (epoch.isEmpty() ? "" : "Epoch: " + epoch + "\n") + "Summary: fixture\nLicense: MIT\n"
                + "Vendor: Example Vendor\nBuildArch: noarch\n%description\nfixture\n%install\n"
                + "mkdir -p %{buildroot}/usr/lib64\necho " + name + " > %{buildroot}/usr/lib64/lib" + name + ".so\n"
                + "%files\n/usr/lib64/lib" + name + ".so\n");
        Tools.run(tmp, "rpmbuild", "--define", "_topdir " + tmp.resolve("top"), "-bb", spec.toString());
        try (var s = Files.walk(tmp.resolve("top/RPMS"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + "-" + version)).findFirst().orElseThrow();
        }
    }

    @Test
    void catalog_rpmdbSqliteFromRealRpm_packagesWithEpochAndSource() throws Exception {
        Tools.require("rpm");
        Tools.require("rpmbuild");
        Path a = buildRpm("openssl-libs", "1.1.1k", "7.el8", "1");
        Path b = buildRpm("zlib", "1.2.11", "25.el8", "");
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("var/lib/rpm"));
        Tools.run(tmp, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "--initdb");
        Tools.run(tmp, "rpm", "--root", root.toString(), "--dbpath", "/var/lib/rpm", "-i", "--justdb", "--nodeps",
                "--noscripts", a.toString(), b.toString());
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "ID=\"rhel\"\nVERSION_ID=\"8.9\"\n");
        Image image = new TestImages(tmp).tree(root).build();
        List<ScanError> errors = new ArrayList<>();
        List<Component> cs = new RpmCataloger().catalog(image, errors::add);
        assertThat(errors).isEmpty();
        assertThat(cs).extracting(Component::name, Component::version).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("openssl-libs", "1:1.1.1k-7.el8"),
                org.assertj.core.groups.Tuple.tuple("zlib", "1.2.11-25.el8"));
        Component ssl = cs.stream().filter(c -> c.name().equals("openssl-libs")).findFirst().orElseThrow();
        assertThat(ssl.purl()).contains("pkg:rpm/rhel/openssl-libs@1.1.1k-7.el8?arch=noarch&distro=rhel-8.9&epoch=1");
        assertThat(ssl.evidence()).containsEntry("supplier", "Example Vendor").containsEntry("license", "MIT");
        assertThat(ssl.source()).isEqualTo("rpm");
        // the files the packages install are owned: the binary classifier leaves them alone
        PackageOwnership owned = PackageOwnership.of(new TestImages(tmp).tree(root)
                .text("/usr/lib64/libzlib.so", "x").text("/usr/lib64/libother.so", "x").build());
        Image probe = new TestImages(tmp).text("/usr/lib64/libzlib.so", "x").text("/usr/lib64/libother.so", "x")
                .build();
        assertThat(owned.owns(probe.get("/usr/lib64/libzlib.so").orElseThrow())).isTrue();
        assertThat(owned.owns(probe.get("/usr/lib64/libother.so").orElseThrow())).isFalse();
    }

    @Test
    void catalog_notAnRpmDatabase_errorNotCrash() throws Exception {
        Image image = new TestImages(tmp).text("/var/lib/rpm/rpmdb.sqlite", "not sqlite at all").build();
        List<ScanError> errors = new ArrayList<>();
        assertThat(new RpmCataloger().catalog(image, errors::add)).isEmpty();
        assertThat(errors).hasSize(1);
    }

    @Test
    void parse_hostileHeaders_rejectedWithMessage() {
        for (byte[] blob : new byte[][] {
                {},
                {0, 0, 0, 1, 0, 0, 0, 0},
                {0x7f, -1, -1, -1, 0, 0, 0, 16},
                {0, 0, 0, 1, 0x7f, -1, -1, -1, 0, 0, 0, 0},
        }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> RpmHeader.parse(blob))
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
