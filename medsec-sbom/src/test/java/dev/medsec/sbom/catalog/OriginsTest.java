package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.Origin;
import dev.medsec.core.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OriginsTest {
    @TempDir
    Path tmp;

    private static Image cataloged(Image image) throws Exception {
        for (var c : List.of(new DpkgCataloger(), new OpkgCataloger(), new ApkCataloger(), new NpmPackageCataloger(),
                new PythonPackageCataloger())) {
            image.addComponents(c.catalog(image, e -> { }));
        }
        return image;
    }

    private static String owner(Origin o) {
        return o.kind().label() + o.component().map(c -> ":" + c.name() + "@" + c.version()).orElse("");
    }

    @Test
    void packageDatabases_ownTheirFiles_withMergedUsrFolded() throws Exception {
        Image image = cataloged(new TestImages(tmp)
                .text("/var/lib/dpkg/status", "Package: coreutils\nStatus: install ok installed\nVersion: 9.1-1\n"
                        + "Architecture: amd64\n\nPackage: libfoo1\nStatus: install ok installed\nVersion: 2.0-1\n"
                        + "Architecture: amd64\n")
                .text("/var/lib/dpkg/info/coreutils.list", "/.\n/bin\n/bin/ls\n/usr/bin/md5sum\n")
                .text("/var/lib/dpkg/info/libfoo1:amd64.list", "/usr/lib/x86_64-linux-gnu/libfoo.so.1\n")
                .text("/usr/bin/ls", "x").text("/usr/bin/md5sum", "x").text("/lib/x86_64-linux-gnu/libfoo.so.1", "x")
                .text("/usr/bin/pumpd", "x")
                .build());
        Origins o = Origins.of(image, Origins.Rules.NONE);
        assertThat(owner(o.of("/usr/bin/ls"))).isEqualTo("soup:coreutils@9.1-1");
        assertThat(owner(o.of("/usr/bin/md5sum"))).isEqualTo("soup:coreutils@9.1-1");
        assertThat(owner(o.of("/lib/x86_64-linux-gnu/libfoo.so.1"))).isEqualTo("soup:libfoo1@2.0-1");
        assertThat(o.of("/usr/bin/pumpd")).isEqualTo(Origin.UNKNOWN);
        assertThat(o.of("/usr/bin/ls").basis()).isEqualTo("file list /var/lib/dpkg/info/coreutils.list");
    }

    @Test
    void opkgAndApk_ownTheirFiles() throws Exception {
        Image image = cataloged(new TestImages(tmp)
                .text("/usr/lib/opkg/status", "Package: dropbear\nVersion: 2022.83-1\nStatus: install ok installed\n")
                .text("/usr/lib/opkg/info/dropbear.list", "/usr/sbin/dropbear\n")
                .text("/lib/apk/db/installed", "P:busybox\nV:1.36.1-r5\nA:x86_64\nF:bin\nR:busybox\n\n")
                .text("/usr/sbin/dropbear", "x").text("/bin/busybox", "x")
                .build());
        Origins o = Origins.of(image, Origins.Rules.NONE);
        assertThat(owner(o.of("/usr/sbin/dropbear"))).isEqualTo("soup:dropbear@2022.83-1");
        assertThat(owner(o.of("/bin/busybox"))).isEqualTo("soup:busybox@1.36.1-r5");
    }

    @Test
    void packageDirectories_npmAndPythonRecord_nestedModulesOwnTheirs() throws Exception {
        Image image = cataloged(new TestImages(tmp)
                .text("/app/node_modules/express/package.json", "{\"name\":\"express\",\"version\":\"4.18.2\"}")
                .text("/app/node_modules/express/lib/router.js", "x")
                .text("/app/node_modules/express/node_modules/debug/package.json", "{\"name\":\"debug\",\"version\":\"2.6.9\"}")
                .text("/app/node_modules/express/node_modules/debug/src/index.js", "x")
                .text("/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", "Name: requests\nVersion: 2.31.0\n\n")
                .text("/usr/lib/python3/dist-packages/requests-2.31.0.dist-info/RECORD",
                        "requests/api.py,sha256=x,100\nrequests-2.31.0.dist-info/METADATA,,\n../../../etc/evil,,\n")
                .text("/usr/lib/python3/dist-packages/requests/api.py", "x")
                .text("/usr/lib/python3/dist-packages/mine.py", "x")
                .text("/app/server.js", "x")
                .build());
        Origins o = Origins.of(image, Origins.Rules.NONE);
        assertThat(owner(o.of("/app/node_modules/express/lib/router.js"))).isEqualTo("soup:express@4.18.2");
        assertThat(owner(o.of("/app/node_modules/express/node_modules/debug/src/index.js"))).isEqualTo("soup:debug@2.6.9");
        assertThat(owner(o.of("/usr/lib/python3/dist-packages/requests/api.py"))).isEqualTo("soup:requests@2.31.0");
        assertThat(o.of("/usr/lib/python3/dist-packages/mine.py")).isEqualTo(Origin.UNKNOWN);
        assertThat(o.of("/app/server.js")).isEqualTo(Origin.UNKNOWN);
    }

    @Test
    void membersOfAnOwnedContainer_inheritItsOrigin_classifiedBinaryOwnsItself() throws Exception {
        Image image = cataloged(new TestImages(tmp)
                .text("/var/lib/dpkg/status", "Package: libbar-java\nStatus: install ok installed\nVersion: 1.0-2\n")
                .text("/var/lib/dpkg/info/libbar-java.list", "/usr/share/java/bar.jar\n")
                .text("/usr/share/java/bar.jar", "x")
                .text("/usr/share/java/bar.jar!/com/bar/Bar.class", "x")
                .text("/opt/bin/curl", "x")
                .build());
        image.addComponents(List.of(new Component("curl", "7.88.1", Optional.empty(), Optional.empty(),
                "binary-classifier", "/opt/bin/curl", Map.of())));
        Origins o = Origins.of(image, Origins.Rules.NONE);
        Origin member = o.of("/usr/share/java/bar.jar!/com/bar/Bar.class");
        assertThat(owner(member)).isEqualTo("soup:libbar-java@1.0-2");
        assertThat(member.basis()).contains("(inside /usr/share/java/bar.jar)");
        assertThat(owner(o.of("/opt/bin/curl"))).isEqualTo("soup:curl@7.88.1");
    }

    @Test
    void profile_firstPartyOverPackages_soupOverridesUnowned() throws Exception {
        Image image = cataloged(new TestImages(tmp)
                .text("/var/lib/dpkg/status", "Package: pump-app\nStatus: install ok installed\nVersion: 3.1\n")
                .text("/var/lib/dpkg/info/pump-app.list", "/usr/bin/pumpd\n")
                .text("/usr/bin/pumpd", "x").text("/opt/vendor/lib/libsdk.so", "x")
                .build());
        Origins o = Origins.of(image, new Origins.Rules(List.of("/usr/bin/pump*"),
                List.of(new Origins.SoupPath("/opt/vendor/**", "vendor-sdk", "4.2", Optional.of("Vendor Inc.")))));
        assertThat(o.of("/usr/bin/pumpd").kind()).isEqualTo(Origin.Kind.FIRST_PARTY);
        Origin sdk = o.of("/opt/vendor/lib/libsdk.so");
        assertThat(owner(sdk)).isEqualTo("soup:vendor-sdk@4.2");
        assertThat(sdk.component().orElseThrow().evidence()).containsEntry("supplier", "Vendor Inc.");
        // inside a nested image the glob also matches the innermost path
        assertThat(Origins.innermost("/sdcard.wic!/p2-rootfs!/usr/bin/pumpd")).isEqualTo("/usr/bin/pumpd");
        assertThat(Origins.enclosing("/a.tar!/b.jar!/C.class")).isEqualTo("/a.tar!/b.jar");
        assertThat(Origins.enclosing("/usr/bin/x")).isNull();
    }

    /** A first-stage foreign tree: no dpkg database, the packages in the apt cache install the tree's files. */
    @Test
    void packageFileInTheImage_ownsTheTreePathItInstalls_overAClassifierReading() throws Exception {
        Image image = cataloged(new TestImages(tmp)
                .text("/var/cache/apt/archives/util-linux_2.38.1-5_arm64.deb", "!<arch>")
                .text("/var/cache/apt/archives/util-linux_2.38.1-5_arm64.deb!/control.tar.xz!/control",
                        "Package: util-linux\nVersion: 2.38.1-5\nArchitecture: arm64\n")
                .text("/var/cache/apt/archives/util-linux_2.38.1-5_arm64.deb!/data.tar.xz!/usr/bin/lsblk", "x")
                .text("/usr/bin/lsblk", "x")
                .build());
        image.addComponents(List.of(new Component("util-linux", "2.38.1", Optional.empty(), Optional.empty(),
                "binary-classifier", "/usr/bin/lsblk", Map.of())));
        Origins o = Origins.of(image, Origins.Rules.NONE);
        assertThat(owner(o.of("/usr/bin/lsblk"))).isEqualTo("soup:util-linux@2.38.1-5");
        assertThat(o.of("/usr/bin/lsblk").basis()).startsWith("installed by package file /var/cache/apt/archives/");
        assertThat(owner(o.of("/var/cache/apt/archives/util-linux_2.38.1-5_arm64.deb!/data.tar.xz!/usr/bin/lsblk")))
                .isEqualTo("soup:util-linux@2.38.1-5");
    }
}
