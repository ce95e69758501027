package dev.medsec.core.image;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ImagePathsTest {
    @Test
    void normalize_dotDotAboveRoot_refused() {
        assertThat(ImagePaths.normalize("../etc/passwd")).isEmpty();
        assertThat(ImagePaths.normalize("a/../../b")).isEmpty();
        assertThat(ImagePaths.normalize("a\0b")).isEmpty();
    }

    @Test
    void normalize_absoluteDotsAndBackslashes_rerootedInside() {
        assertThat(ImagePaths.normalize("/etc/./passwd")).contains("/etc/passwd");
        assertThat(ImagePaths.normalize("./usr//bin/")).contains("/usr/bin");
        assertThat(ImagePaths.normalize("a/b/../c")).contains("/a/c");
        assertThat(ImagePaths.normalize("win\\dir\\f")).contains("/win/dir/f");
        assertThat(ImagePaths.normalize(".")).contains("/");
    }

    @Test
    void resolveLink_relativeAndAbsolute_resolvedInImage() {
        assertThat(ImagePaths.resolveLink("/bin/sh", "busybox")).contains("/bin/busybox");
        assertThat(ImagePaths.resolveLink("/usr/bin/x", "../../bin/y")).contains("/bin/y");
        assertThat(ImagePaths.resolveLink("/bin/x", "/etc/z")).contains("/etc/z");
        assertThat(ImagePaths.resolveLink("/x", "../../../etc")).isEmpty();
    }

    @Test
    void join_layers_bangSeparated() {
        assertThat(ImagePaths.join("", "/usr/bin/curl")).isEqualTo("/usr/bin/curl");
        assertThat(ImagePaths.join("/rootfs.squashfs", "/usr/bin/curl")).isEqualTo("/rootfs.squashfs!/usr/bin/curl");
    }
}
