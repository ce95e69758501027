package dev.medsec.unpack;

import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Archives and filesystem images made by the real tools, unpacked end to end. */
class RealArchivesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({
            "fw.tar, tar -cf fw.tar -C tree .",
            "fw.tar.gz, tar -czf fw.tar.gz -C tree .",
            "fw.tar.xz, tar -cJf fw.tar.xz -C tree .",
            "fw.tar.zst, tar --zstd -cf fw.tar.zst -C tree .",
            "fw.tar.bz2, tar -cjf fw.tar.bz2 -C tree .",
            "fw.zip, cd tree && zip -qry ../fw.zip .",
            "fw.cpio, cd tree && find . | cpio -o -H newc --quiet > ../fw.cpio",
            "fw.odc.cpio, cd tree && find . | cpio -o -H odc --quiet > ../fw.odc.cpio",
            "fw.cpio.gz, cd tree && find . | cpio -o -H newc --quiet | gzip > ../fw.cpio.gz",
    })
    void build_archiveMadeByRealTool_membersAtRootWithContentAndLinks(String name, String command) throws Exception {
        Tools.require("tar");
        Tools.require(command.contains("zip") ? "zip" : command.contains("cpio") ? "cpio" : "tar");
        if (command.contains("zstd")) {
            Tools.require("zstd");
        }
        UnpackFixture.sampleTree(tmp);
        Tools.sh(tmp, command);
        try (UnpackFixture f = new UnpackFixture(tmp.resolve(name), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
            assertThat(f.get("/usr/bin/tool").orElseThrow().type()).isEqualTo(FileType.SHELL_SCRIPT);
            Artifact link = f.get("/usr/bin/link").orElseThrow();
            assertThat(link.kind()).isEqualTo(EntryKind.SYMLINK);
            assertThat(link.meta().linkTarget()).contains("tool");
            assertThat(link.hasContent()).isFalse();
        }
    }

    @Test
    void build_singleGzipStream_memberNamedWithoutSuffix() throws Exception {
        Tools.require("gzip");
        Files.writeString(tmp.resolve("kernel.config"), "CONFIG_A=y\n");
        Tools.sh(tmp, "gzip kernel.config");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("kernel.config.gz"), tmp)) {
            assertThat(f.text("/kernel.config")).isEqualTo("CONFIG_A=y\n");
            assertThat(f.result.targetType()).isEqualTo("gzip");
            // small decompressed members stay in memory: no file is written for them
            assertThat(f.get("/kernel.config").orElseThrow().contentFile()).isEmpty();
            assertThat(f.sandbox.bytesWritten()).isEqualTo(11);
        }
    }

    @Test
    void build_nestedSquashfsInTar_layerJoinedWithBang_setuidKept() throws Exception {
        Tools.require("mksquashfs");
        Tools.require("unsquashfs");
        Path root = UnpackFixture.sampleTree(tmp);
        Files.copy(Path.of("/bin/true"), root.resolve("usr/bin/su"));
        Files.setPosixFilePermissions(root.resolve("usr/bin/su"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Tools.sh(tmp, "chmod 4755 tree/usr/bin/su && mksquashfs tree rootfs.squashfs -quiet -no-progress -all-root >/dev/null"
                + " && mkdir bundle && mv rootfs.squashfs bundle/ && tar -cf bundle.tar -C bundle .");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("bundle.tar"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/rootfs.squashfs!/etc/hostname")).isEqualTo("device\n");
            Artifact su = f.get("/rootfs.squashfs!/usr/bin/su").orElseThrow();
            assertThat(su.meta().isSetuid()).isTrue();
            assertThat(su.meta().uid()).hasValue(0);
            assertThat(su.type()).isEqualTo(FileType.ELF);
            assertThat(f.get("/rootfs.squashfs!/usr/bin/link").orElseThrow().meta().linkTarget()).contains("tool");
        }
    }

    @Test
    void build_squashfsWithDeviceNode_deviceRecordedNotCreated() throws Exception {
        Tools.require("mksquashfs");
        Path root = UnpackFixture.sampleTree(tmp);
        Files.createDirectories(root.resolve("dev"));
        // mksquashfs pseudo definition: a character device that exists only inside the image
        Tools.sh(tmp, "mksquashfs tree fs.squashfs -quiet -no-progress -p 'dev/console c 600 0 0 5 1' >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("fs.squashfs"), tmp)) {
            Artifact console = f.get("/dev/console").orElseThrow();
            assertThat(console.kind()).isEqualTo(EntryKind.CHAR_DEVICE);
            assertThat(console.hasContent()).isFalse();
            try (var walk = Files.walk(f.sandbox.root())) {
                assertThat(walk.filter(p -> p.getFileName().toString().equals("console"))).isEmpty();
            }
        }
    }

    @Test
    void build_ext4Image_filesAndSetuidFromInodes() throws Exception {
        Tools.require("mke2fs");
        Tools.require("debugfs");
        Path root = UnpackFixture.sampleTree(tmp);
        Files.copy(Path.of("/bin/true"), root.resolve("usr/bin/su"));
        Tools.sh(tmp, "chmod 4755 tree/usr/bin/su && mke2fs -q -t ext4 -d tree rootfs.ext4 8M");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("rootfs.ext4"), tmp)) {
            assertThat(f.result.targetType()).isEqualTo("ext-fs");
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
            assertThat(f.get("/usr/bin/su").orElseThrow().meta().isSetuid()).isTrue();
            assertThat(f.get("/usr/bin/link").orElseThrow().meta().linkTarget()).contains("tool");
        }
    }

    @Test
    void build_directory_readInPlaceWithHostMetadata() throws Exception {
        Path root = UnpackFixture.sampleTree(tmp);
        try (UnpackFixture f = new UnpackFixture(root, tmp)) {
            assertThat(f.result.targetType()).isEqualTo("directory");
            assertThat(f.get("/etc/hostname").orElseThrow().contentFile()).contains(root.resolve("etc/hostname").toRealPath());
            assertThat(f.get("/usr/bin/link").orElseThrow().kind()).isEqualTo(EntryKind.SYMLINK);
        }
    }

    @Test
    void build_jarInsideZip_classesUnpackedInNestedLayer() throws Exception {
        Tools.require("zip");
        Path cls = Files.createDirectories(tmp.resolve("j/META-INF"));
        Files.writeString(cls.resolve("MANIFEST.MF"), "Manifest-Version: 1.0\n");
        Files.write(tmp.resolve("j/A.class"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 61});
        Tools.sh(tmp, "cd j && zip -qr ../lib.jar META-INF A.class && cd .. && mkdir app && mv lib.jar app/ && cd app && zip -qr ../app.zip lib.jar");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("app.zip"), tmp)) {
            assertThat(f.get("/lib.jar").orElseThrow().type()).isEqualTo(FileType.JAR);
            assertThat(f.get("/lib.jar!/A.class").orElseThrow().type()).isEqualTo(FileType.JAVA_CLASS);
        }
    }
}
