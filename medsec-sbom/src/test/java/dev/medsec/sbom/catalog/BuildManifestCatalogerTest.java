package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.image.Image;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Manifests in the layouts Yocto (poky) and Buildroot write them. */
class BuildManifestCatalogerTest {
    @TempDir
    Path tmp;

    @Test
    void catalog_yoctoLicenseManifest_componentsWithUpstreamCpe() throws Exception {
        String manifest = "PACKAGE NAME: busybox\nPACKAGE VERSION: 1.35.0\nRECIPE NAME: busybox\nLICENSE: GPL-2.0-only & bzip2-1.0.4\n\n"
                + "PACKAGE NAME: libssl3\nPACKAGE VERSION: 3.0.5\nRECIPE NAME: openssl\nLICENSE: Apache-2.0\n\n"
                + "PACKAGE NAME: base-files\nPACKAGE VERSION: 3.0.14\nRECIPE NAME: base-files\nLICENSE: GPL-2.0-only\n\n";
        Image image = new TestImages(tmp).text("/usr/share/common-licenses/license.manifest", manifest).build();
        List<Component> cs = new BuildManifestCataloger().catalog(image, e -> { });
        assertThat(cs).extracting(Component::name).containsExactly("busybox", "libssl3", "base-files");
        assertThat(cs.get(0).cpe()).contains("cpe:2.3:a:busybox:busybox:1.35.0:*:*:*:*:*:*:*");
        assertThat(cs.get(1).cpe()).contains("cpe:2.3:a:openssl:openssl:3.0.5:*:*:*:*:*:*:*");
        assertThat(cs.get(2).cpe()).isEmpty();
        assertThat(cs.get(1).evidence()).containsEntry("license", "Apache-2.0").containsEntry("recipe", "openssl");
    }

    @Test
    void catalog_yoctoImageManifestAndBuildrootCsv_components() throws Exception {
        Image image = new TestImages(tmp)
                .text("/core-image-minimal-qemuarm.rootfs.manifest", "busybox cortexa15t2hf_neon 1.35.0-r0\n"
                        + "dropbear cortexa15t2hf_neon 2022.83-r0\nlibc6 cortexa15t2hf_neon 2.35-r0\n")
                .text("/output/legal-info/manifest.csv", "\"PACKAGE\",\"VERSION\",\"LICENSE\",\"LICENSE FILES\","
                        + "\"SOURCE ARCHIVE\",\"SOURCE SITE\",\"DEPENDENCIES WITH LICENSES\"\n"
                        + "\"dnsmasq\",\"2.89\",\"GPL-2.0 or GPL-3.0\",\"COPYING COPYING-v3\",\"dnsmasq-2.89.tar.xz\","
                        + "\"http://thekelleys.org.uk/dnsmasq\",\"\"\n")
                .text("/usr/share/doc/manifest.csv", "\"PACKAGE\",\"VERSION\"\n\"ignored\",\"1\"\n")
                .build();
        List<Component> cs = new BuildManifestCataloger().catalog(image, e -> { throw new AssertionError(e.toString()); });
        assertThat(cs).extracting(Component::name, Component::version).containsExactly(
                org.assertj.core.groups.Tuple.tuple("busybox", "1.35.0-r0"),
                org.assertj.core.groups.Tuple.tuple("dropbear", "2022.83-r0"),
                org.assertj.core.groups.Tuple.tuple("libc6", "2.35-r0"),
                org.assertj.core.groups.Tuple.tuple("dnsmasq", "2.89"));
        assertThat(cs.get(1).cpe()).contains("cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.83:*:*:*:*:*:*:*");
        assertThat(cs.get(2).cpe()).contains("cpe:2.3:a:gnu:glibc:2.35:*:*:*:*:*:*:*");
        assertThat(cs.get(3).cpe()).contains("cpe:2.3:a:thekelleys:dnsmasq:2.89:*:*:*:*:*:*:*");
        assertThat(cs.get(3).evidence()).containsEntry("license", "GPL-2.0 or GPL-3.0");
    }
}
