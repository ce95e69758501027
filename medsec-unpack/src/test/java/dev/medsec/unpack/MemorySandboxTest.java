package dev.medsec.unpack;

import dev.medsec.core.image.Artifact;
import dev.medsec.testkit.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Members live in the memory-backed directory while its budget lasts, then spill to the disk directory. */
class MemorySandboxTest {
    @TempDir
    Path tmp;

    private Path tar(int members, int size) throws Exception {
        Path tar = tmp.resolve("m.tar");
        try (OutputStream out = Files.newOutputStream(tar); TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            for (int i = 0; i < members; i++) {
                TarArchiveEntry e = new TarArchiveEntry("f" + i);
                e.setSize(size);
                t.putArchiveEntry(e);
                t.write(new byte[size]);
                t.closeArchiveEntry();
            }
        }
        return tar;
    }

    @Test
    void build_membersBeyondTheMemoryBudget_spillToDiskWithTheSameContent() throws Exception {
        Path target = tar(10, 100_000);
        Path disk = Files.createDirectory(tmp.resolve("disk"));
        Path memory = Files.createDirectory(tmp.resolve("memory"));
        try (Sandbox sb = Sandbox.create(UnpackLimits.defaults(), disk, memory, 450_000)) {
            UnpackResult r = new ImageBuilder(sb).build(target);
            Map<String, Artifact> byPath = r.artifacts().stream().collect(Collectors.toMap(Artifact::path, Function.identity()));
            long inMemory = 0;
            long onDisk = 0;
            for (int i = 0; i < 10; i++) {
                Artifact a = byPath.get("/f" + i);
                assertThat(a.size()).isEqualTo(100_000);
                Path host = a.contentFile().orElseThrow();
                if (host.startsWith(memory)) {
                    inMemory++;
                } else {
                    assertThat(host).startsWith(disk);
                    onDisk++;
                }
            }
            // four whole members fit the 450,000-byte budget; the fifth outgrew it and was moved, like the rest
            assertThat(inMemory).isEqualTo(4);
            assertThat(onDisk).isEqualTo(6);
            assertThat(sb.memoryBytes()).isEqualTo(400_000);
        }
        try (var left = Files.list(memory)) {
            assertThat(left).as("the memory directory is removed with the sandbox").isEmpty();
        }
    }

    @Test
    void build_squashfsWhoseFilesFit_extractedIntoMemory() throws Exception {
        Tools.require("mksquashfs");
        UnpackFixture.sampleTree(tmp);
        Tools.sh(tmp, "mksquashfs tree fs.sqfs -quiet -noappend >/dev/null");
        Path disk = Files.createDirectory(tmp.resolve("disk"));
        Path memory = Files.createDirectory(tmp.resolve("memory"));
        try (Sandbox sb = Sandbox.create(UnpackLimits.defaults(), disk, memory, 1 << 20)) {
            UnpackResult r = new ImageBuilder(sb).build(tmp.resolve("fs.sqfs"));
            Artifact hostname = r.artifacts().stream().filter(a -> a.path().equals("/etc/hostname")).findFirst().orElseThrow();
            assertThat(hostname.contentFile().orElseThrow()).startsWith(memory);
            assertThat(sb.memoryBytes()).isEqualTo(Files.size(tmp.resolve("tree/etc/hostname")) + Files.size(tmp.resolve("tree/usr/bin/tool")));
        }
    }

    @Test
    void removeOrphans_directoryOfADeadProcessRemovedOfALiveOneKept() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Path orphan = Files.createDirectories(tmp.resolve(Sandbox.MEMORY_PREFIX + dead + "-x1/L1"));
        Files.writeString(orphan.resolve("member"), "left behind by a SIGKILL");
        Path live = Files.createDirectories(tmp.resolve(Sandbox.MEMORY_PREFIX + ProcessHandle.current().pid() + "-x2"));
        Path other = Files.createDirectories(tmp.resolve("unrelated-dir"));
        Sandbox.removeOrphans(tmp);
        assertThat(tmp.resolve(Sandbox.MEMORY_PREFIX + dead + "-x1")).doesNotExist();
        assertThat(live).exists();
        assertThat(other).exists();
    }
}
