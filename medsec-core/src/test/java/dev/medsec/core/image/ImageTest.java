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

    @Test
    void shared_concurrentCallers_deriveOnceAndShareTheValue() throws Exception {
        Image img = new Image("t", List.of(dir("", "/etc")), ScanSettingsFixture.settings());
        java.util.concurrent.atomic.AtomicInteger derived = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        ImageKey<List<String>> key = ImageKey.of("paths", image -> {
            derived.incrementAndGet();
            return image.artifacts().stream().map(Artifact::path).toList();
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<String>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return img.shared(key);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<List<String>> f : results) {
                assertThat(f.get()).containsExactly("/etc");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(derived.get()).isEqualTo(1);
    }

    @Test
    void shared_derivationFails_everyCallerGetsTheFailure() {
        Image img = new Image("t", List.of(), ScanSettingsFixture.settings());
        ImageKey<String> key = ImageKey.of("broken", image -> {
            throw new IllegalArgumentException("bad table");
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> img.shared(key)).hasMessage("bad table");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> img.shared(key)).hasMessage("bad table");
    }

    @Test
    void glob_literalHeadAndPatterns_matchOnlyBelowTheHead() {
        Image img = new Image("t", List.of(dir("", "/etc"), dir("", "/etc/ssh"), dir("", "/etc/ssh/sshd_config.d"),
                dir("", "/etc/ssh/ssh_config"), dir("", "/usr/etc/ssh/x_config"), dir("/a.img", "/etc/ssh/y_config")),
                ScanSettingsFixture.settings());
        assertThat(img.glob("/etc/ssh/*_config")).extracting(Artifact::path)
                .containsExactlyInAnyOrder("/etc/ssh/ssh_config", "/a.img!/etc/ssh/y_config");
        assertThat(img.glob("/etc/ssh/{ssh,sshd}_config*")).extracting(Artifact::path)
                .containsExactlyInAnyOrder("/etc/ssh/ssh_config", "/etc/ssh/sshd_config.d");
        assertThat(img.glob("/e?c")).extracting(Artifact::path).containsExactly("/etc");
    }

    /** Answers come from an index of inner paths; they must list entries in image order, as a full pass did. */
    @Test
    void globAndChildren_imageOrderAcrossLayers_andOnlyDirectChildren() {
        Image img = new Image("t", List.of(dir("/z.img", "/etc/b"), dir("", "/etc/b"), dir("", "/etc/a"),
                dir("/a.img", "/etc/c"), dir("", "/etc/a/deeper"), dir("", "/etcetera"), dir("", "/etc/\uffffodd"),
                dir("", "/etc")), ScanSettingsFixture.settings());
        assertThat(img.glob("/etc/*")).extracting(Artifact::path)
                .containsExactly("/a.img!/etc/c", "/etc/a", "/etc/b", "/etc/\uffffodd", "/z.img!/etc/b");
        assertThat(img.children("", "/etc")).extracting(Artifact::path)
                .containsExactly("/etc/a", "/etc/b", "/etc/\uffffodd");
        assertThat(img.children("", "/etc/")).extracting(Artifact::path)
                .containsExactly("/etc/a", "/etc/b", "/etc/\uffffodd");
        assertThat(img.children("/z.img", "/etc")).extracting(Artifact::path).containsExactly("/z.img!/etc/b");
        assertThat(img.children("", "/nowhere")).isEmpty();
        assertThat(img.glob("**")).hasSize(8);
        assertThat(img.glob("*")).isEmpty(); // one name without a slash: no absolute path matches
    }
}
