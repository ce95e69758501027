package dev.medsec.unpack;

import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryWalkerTest {
    @TempDir
    Path tmp;

    private Path tree() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not part of the image");
        // Enough directories and files that the walk really forks.
        for (int d = 0; d < 20; d++) {
            Path dir = Files.createDirectories(root.resolve("usr/share/d" + (char) ('a' + d)));
            for (int f = 0; f < 5; f++) {
                Files.writeString(dir.resolve("f" + f + ".txt"), "text " + d + f);
            }
        }
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/init.sh"), "#!/bin/sh\necho hi\n");
        Files.createSymbolicLink(root.resolve("etc/escape"), outside);
        Files.write(root.resolve("zero"), new byte[0]);
        return root;
    }

    @Test
    void walk_nestedTree_preOrderByNameWithKindsAndTypes() throws Exception {
        Path root = tree();
        List<String> errors = new ArrayList<>();
        List<Artifact> found;
        try (Sandbox s = Sandbox.create(UnpackLimits.defaults())) {
            found = DirectoryWalker.walk(root, "", s, p -> Optional.empty(), (p, m) -> errors.add(p + ": " + m));
        }
        List<String> paths = found.stream().map(Artifact::innerPath).toList();
        List<String> expected = new ArrayList<>(List.of("/etc", "/etc/escape", "/etc/init.sh", "/usr", "/usr/share"));
        for (int d = 0; d < 20; d++) {
            String dir = "/usr/share/d" + (char) ('a' + d);
            expected.add(dir);
            for (int f = 0; f < 5; f++) {
                expected.add(dir + "/f" + f + ".txt");
            }
        }
        expected.add("/zero");
        assertThat(paths).containsExactlyElementsOf(expected);
        assertThat(errors).isEmpty();
        Artifact link = found.get(1);
        assertThat(link.kind()).isEqualTo(EntryKind.SYMLINK);
        assertThat(link.meta().linkTarget()).contains(tmp.resolve("outside").toString());
        assertThat(paths).noneMatch(p -> p.contains("secret"));
        assertThat(found.get(2).type()).isEqualTo(FileType.SHELL_SCRIPT);
        assertThat(found.get(2).contentFile()).isPresent();
        assertThat(new String(found.get(2).head(), StandardCharsets.US_ASCII)).startsWith("#!/bin/sh");
    }

    @Test
    void walk_moreEntriesThanTheBudget_throwsTheBudgetException() throws Exception {
        Path root = tree();
        try (Sandbox s = Sandbox.create(new UnpackLimits(1L << 30, 50, 200, 8, 60))) {
            assertThatThrownBy(() -> DirectoryWalker.walk(root, "", s, p -> Optional.empty(), (p, m) -> { }))
                    .isInstanceOf(LimitExceededException.class).hasMessageContaining("entry budget");
        }
    }
}
