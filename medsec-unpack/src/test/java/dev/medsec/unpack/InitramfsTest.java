package dev.medsec.unpack;

import dev.medsec.core.classify.FileType;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Initramfs images as distributions and build systems make them: chains of cpio archives, every compressor. */
class InitramfsTest {
    @TempDir
    Path tmp;

    private void trees() throws Exception {
        Tools.require("cpio");
        Files.createDirectories(tmp.resolve("early/kernel/x86/microcode"));
        Files.writeString(tmp.resolve("early/kernel/x86/microcode/GenuineIntel.bin"), "microcode\n");
        UnpackFixture.sampleTree(tmp);
    }

    @Test
    void build_earlyMicrocodeThenCompressedMain_bothArchivesInOneLayer() throws Exception {
        trees();
        Tools.sh(tmp, "(cd early && find . | cpio -o -H newc --quiet) > initrd.img"
                + " && (cd tree && find . | cpio -o -H newc --quiet | zstd -q -c) >> initrd.img");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("initrd.img"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/kernel/x86/microcode/GenuineIntel.bin")).isEqualTo("microcode\n");
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
        }
    }

    @Test
    void build_gzipOfConcatenatedArchives_laterArchiveReplacesEarlierEntries() throws Exception {
        trees();
        Files.createDirectories(tmp.resolve("overlay/etc"));
        Files.writeString(tmp.resolve("overlay/etc/hostname"), "overridden\n");
        Tools.sh(tmp, "{ (cd tree && find . | cpio -o -H newc --quiet); (cd overlay && find . | cpio -o -H newc --quiet); }"
                + " | gzip -9 > initrd.gz");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("initrd.gz"), tmp)) {
            assertThat(f.text("/etc/hostname")).isEqualTo("overridden\n");
            assertThat(f.text("/usr/bin/tool")).startsWith("#!/bin/sh");
        }
    }

    @ParameterizedTest
    @CsvSource({
            "lz4 -l -q -c, LZ4_LEGACY, lz4",
            "xz --format=lzma -c, LZMA, xz",
            "lzop -c, LZOP, lzop",
    })
    void build_cpioCompressedWithEachKernelCompressor_opened(String compress, FileType type, String tool) throws Exception {
        Tools.require(tool);
        trees();
        Tools.sh(tmp, "(cd tree && find . | cpio -o -H newc --quiet) | " + compress + " > initrd.bin");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("initrd.bin"), tmp)) {
            assertThat(f.result.targetType()).isEqualTo(type.label());
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
        }
    }

    @Test
    void build_uImageWithLzoPayload_decompressed() throws Exception {
        Tools.require("mkimage");
        Tools.require("lzop");
        trees();
        Tools.sh(tmp, "(cd tree && find . | cpio -o -H newc --quiet) | lzop -c > rd.lzo"
                + " && mkimage -A arm -O linux -T ramdisk -C lzo -d rd.lzo rd.uimg >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("rd.uimg"), tmp)) {
            assertThat(f.text("/rd.uimg!/ramdisk!/etc/hostname")).isEqualTo("device\n");
        }
    }

    /**
     * An arm64 kernel Image (booting.rst header: image_size at 0x10, magic "ARM\x64" at 0x38) with a gzip'd
     * initramfs appended after the declared image size, as some vendor build scripts do.
     */
    @Test
    void build_arm64KernelWithAppendedInitramfs_appendedMemberUnpacked() throws Exception {
        trees();
        Tools.sh(tmp, "(cd tree && find . | cpio -o -H newc --quiet) | gzip -9 > rd.gz");
        byte[] image = new byte[65536];
        ByteBuffer h = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(0x10, image.length);                 // image_size
        h.putLong(0x18, 0xa);                          // flags: little-endian, 4K pages
        h.put(0x38, (byte) 'A').put(0x39, (byte) 'R').put(0x3a, (byte) 'M').put(0x3b, (byte) 0x64);
        Path kernel = tmp.resolve("Image");
        Files.write(kernel, image);
        Files.write(kernel, Files.readAllBytes(tmp.resolve("rd.gz")), java.nio.file.StandardOpenOption.APPEND);
        try (UnpackFixture f = new UnpackFixture(kernel, tmp)) {
            assertThat(f.get("/Image").orElseThrow().type()).isEqualTo(FileType.LINUX_KERNEL);
            assertThat(f.text("/Image!/appended!/etc/hostname")).isEqualTo("device\n");
            // the kernel's own code is explained, not a gap
            assertThat(f.result.coverage().percent()).isEqualTo(100.0);
        }
    }
}
