package dev.medsec.core.image;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageTest {
    private static Artifact link(String layer, String path, String target) {
        return Artifact.ofEntry(layer, path, FileMeta.of(EntryKind.SYMLINK).withLinkTarget(target));
    }

    private static Artifact dir(String layer, String path) {
        return Artifact.ofEntry(layer, path, FileMeta.of(EntryKind.DIRECTORY));
    }

    @Test
    void resolve_chainOfLinks_followedInsideLayerOnly() {
        Image img = new Image("t", List.of(dir("", "/bin"), link("", "/bin/sh", "dash"), link("", "/bin/dash", "/bin/real"),
                dir("", "/bin/real"), link("/fs.img", "/bin/sh", "/bin/other")), ScanSettingsFixture.settings());
        assertThat(img.resolve(img.get("/bin/sh").orElseThrow())).map(Artifact::path).contains("/bin/real");
        assertThat(img.resolve(img.get("/fs.img!/bin/sh").orElseThrow())).isEmpty();
    }

    @Test
    void resolve_loop_empty() {
        Image img = new Image("t", List.of(link("", "/a", "b"), link("", "/b", "a")), ScanSettingsFixture.settings());
        assertThat(img.resolve(img.get("/a").orElseThrow())).isEmpty();
    }

    @Test
    void findAll_sameInnerPathInEveryLayer() {
        Image img = new Image("t", List.of(dir("", "/etc"), dir("/root.sqfs", "/etc"), dir("/root.sqfs", "/usr")),
                ScanSettingsFixture.settings());
        assertThat(img.findAll("/etc")).extracting(Artifact::path).containsExactly("/etc", "/root.sqfs!/etc");
        assertThat(img.layers()).containsExactly("", "/root.sqfs");
        assertThat(img.glob("/u*")).extracting(Artifact::path).containsExactly("/root.sqfs!/usr");
    }

    static final class ScanSettingsFixture {
        static ScanSettings settings() {
            return ScanSettings.defaults();
        }
    }
}
