package dev.medsec.sbom.catalog;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Small images for cataloger tests: in-memory files, or a host directory tree mapped to image paths. */
public final class TestImages {
    private final Path scratch;
    private final List<Artifact> artifacts = new ArrayList<>();
    private int n;

    public TestImages(Path scratch) {
        this.scratch = scratch;
    }

    public TestImages text(String imagePath, String content) {
        return bytes(imagePath, content.getBytes(StandardCharsets.UTF_8));
    }

    public TestImages bytes(String imagePath, byte[] content) {
        try {
            Path p = scratch.resolve("f" + (n++));
            Files.write(p, content);
            artifacts.add(Artifact.ofFile("", imagePath, FileMeta.of(EntryKind.FILE, 0644, 0, 0), p));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under {@code root}, at its relative path. */
    public TestImages tree(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                artifacts.add(Artifact.ofFile("", "/" + root.relativize(p).toString().replace('\\', '/'),
                        FileMeta.of(EntryKind.FILE, 0755, 0, 0), p));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every regular file under {@code root}, in archive layer {@code layer} (as the unpack stage lays out a jar). */
    public TestImages layer(String layer, Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).toList()) {
                artifacts.add(Artifact.ofFile(layer, "/" + root.relativize(p).toString().replace('\\', '/'),
                        FileMeta.of(EntryKind.FILE, 0644, 0, 0), p));
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A host file at an image path. */
    public TestImages file(String imagePath, Path hostFile) {
        try {
            artifacts.add(Artifact.ofFile("", imagePath, FileMeta.of(EntryKind.FILE, 0644, 0, 0), hostFile));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Image build() {
        return new Image("test", artifacts, ScanSettings.defaults());
    }

    public Image build(ScanSettings settings) {
        return new Image("test", artifacts, settings);
    }
}
