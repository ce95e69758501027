package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackageDatabaseCatalogersTest {
    @TempDir
    Path tmp;

    private static final String OS_RELEASE = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\n"
            + "VERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";

    // Stanzas in the exact layout dpkg writes (continuation lines, Conffiles, Description bodies).
    private static final String DPKG_STATUS = "Package: libssl3\n"
            + "Status: install ok installed\n"
            + "Priority: optional\n"
            + "Section: libs\n"
            + "Installed-Size: 6179\n"
            + "Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>\n"
            + "Architecture: amd64\n"
            + "Multi-Arch: same\n"
            + "Source: openssl\n"
            + "Version: 3.0.11-1~deb12u2\n"
            + "Depends: libc6 (>= 2.34)\n"
            + "Description: Secure Sockets Layer toolkit - shared libraries\n"
            + " This package is part of the OpenSSL project's implementation of the SSL and TLS\n"
            + " .\n"
            + " Version: 0.9.8 is mentioned here and must not count.\n"
            + "Homepage: https://www.openssl.org/\n"
            + "\n"
            + "Package: busybox\n"
            + "Status: install ok installed\n"
            + "Maintainer: Debian Install System Team <debian-boot@lists.debian.org>\n"
            + "Architecture: amd64\n"
            + "Source: busybox (1:1.35.0-4)\n"
            + "Version: 1:1.35.0-4+b3\n"
            + "Description: Tiny utilities for small and embedded systems\n"
            + "\n"
            + "Package: oldtool\n"
            + "Status: deinstall ok config-files\n"
            + "Architecture: amd64\n"
            + "Version: 1.0-1\n"
            + "Conffiles:\n"
            + " /etc/oldtool.conf 0123456789abcdef0123456789abcdef\n"
            + "\n"
            + "Package: gone\n"
            + "Status: purge ok not-installed\n"
            + "Architecture: amd64\n"
            + "\n";

    @Test
    void dpkg_statusFile_installedPackagesWithSourceAndDistro() throws Exception {
        Image image = new TestImages(tmp).text("/var/lib/dpkg/status", DPKG_STATUS)
                .text("/etc/os-release", OS_RELEASE).build();
        List<ScanError> errors = new ArrayList<>();
        List<Component> cs = new DpkgCataloger().catalog(image, errors::add);
        assertThat(errors).isEmpty();
        assertThat(cs).extracting(Component::name).containsExactly("libssl3", "busybox");
        Component ssl = cs.get(0);
        assertThat(ssl.version()).isEqualTo("3.0.11-1~deb12u2");
        assertThat(ssl.purl()).contains("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12");
        assertThat(ssl.evidence()).containsEntry("sourcePackage", "openssl")
                .containsEntry("sourceVersion", "3.0.11-1~deb12u2")
                .containsEntry("supplier", "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>");
        assertThat(ssl.cpe()).isEmpty();
        assertThat(ssl.path()).isEqualTo("/var/lib/dpkg/status");
        Component bb = cs.get(1);
        assertThat(bb.evidence()).containsEntry("sourcePackage", "busybox").containsEntry("sourceVersion", "1:1.35.0-4");
        assertThat(bb.purl().orElseThrow()).startsWith("pkg:deb/debian/busybox@1%3A1.35.0-4%2Bb3");
    }

    @Test
    void dpkg_statusD_distrolessLayout_onePackagePerFile() throws Exception {
        Image image = new TestImages(tmp)
                .text("/var/lib/dpkg/status.d/base-files", "Package: base-files\nVersion: 12.4+deb12u5\n"
                        + "Architecture: amd64\nMaintainer: Santiago Vila <sanvila@debian.org>\n")
                .text("/var/lib/dpkg/status.d/base-files.md5sums", "d41d8cd98f00b204e9800998ecf8427e  etc/debian_version\n")
                .text("/var/lib/dpkg/status.d/tzdata", "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n")
                .build();
        List<Component> cs = new DpkgCataloger().catalog(image, e -> { });
        assertThat(cs).extracting(Component::name).containsExactlyInAnyOrder("base-files", "tzdata");
    }

    @Test
    void dpkg_noDatabaseOrGarbage_noComponents() throws Exception {
        Image image = new TestImages(tmp).text("/var/lib/dpkg/available", DPKG_STATUS)
                .text("/usr/share/doc/libssl3/changelog", DPKG_STATUS).build();
        assertThat(new DpkgCataloger().catalog(image, e -> { })).isEmpty();
        byte[] garbage = new byte[4096];
        new java.util.Random(5).nextBytes(garbage);
        Image bad = new TestImages(tmp).bytes("/var/lib/dpkg/status", garbage).build();
        assertThat(new DpkgCataloger().catalog(bad, e -> { })).isEmpty();
    }

    @Test
    void opkg_openwrtStatus_componentsWithUpstreamCpeForKnownPackages() throws Exception {
        String status = "Package: busybox\nVersion: 1.36.1-1\nDepends: libc\nStatus: install user installed\n"
                + "Architecture: mips_24kc\nConffiles:\n /etc/syslog.conf 1234\nInstalled-Time: 1700000000\n\n"
                + "Package: dropbear\nVersion: 2022.82-6\nStatus: install user installed\nArchitecture: mips_24kc\n\n"
                + "Package: luci-base\nVersion: git-24.073.29889-cd7e519\nStatus: install user installed\n"
                + "Architecture: all\n\n";
        Image image = new TestImages(tmp).text("/usr/lib/opkg/status", status).build();
        List<Component> cs = new OpkgCataloger().catalog(image, e -> { });
        assertThat(cs).extracting(Component::name).containsExactly("busybox", "dropbear", "luci-base");
        assertThat(cs.get(0).cpe()).contains("cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*");
        assertThat(cs.get(1).cpe()).contains("cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.82:*:*:*:*:*:*:*");
        assertThat(cs.get(2).cpe()).isEmpty();
        assertThat(cs.get(0).purl()).contains("pkg:opkg/busybox@1.36.1-1?arch=mips_24kc");
    }

    @Test
    void apk_installedDatabase_componentsWithOrigin() throws Exception {
        String installed = "C:Q1p78yvTLG0sS6BMPnBxB7bu1qhH0=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:407278\nI:667648\n"
                + "T:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\n"
                + "m:Timo Teras <timo.teras@iki.fi>\nt:1698069950\nc:a9a8e6e1f4e4b4c8b7d57e2c1d0e7c3b1a7e4a1c\n"
                + "F:lib\nR:ld-musl-x86_64.so.1\na:0:0:755\n\n"
                + "P:libcrypto3\nV:3.1.4-r1\nA:x86_64\no:openssl\nm:Ariadne Conill <ariadne@dereferenced.org>\n\n";
        Image image = new TestImages(tmp).text("/lib/apk/db/installed", installed)
                .text("/etc/os-release", "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.18.4\n").build();
        List<Component> cs = new ApkCataloger().catalog(image, e -> { });
        assertThat(cs).extracting(Component::name).containsExactly("musl", "libcrypto3");
        assertThat(cs.get(1).purl()).contains("pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64&distro=alpine-3.18.4");
        assertThat(cs.get(1).evidence()).containsEntry("sourcePackage", "openssl");
    }
}
