package dev.medsec.unpack;

import dev.medsec.core.Coverage;
import dev.medsec.core.classify.FileType;
import dev.medsec.testkit.ImageFixtures;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** uImages, FIT images and raw flash dumps made with mkimage, mkenvimage, mksquashfs and dd, opened end to end. */
class BootContainersTest {
    @TempDir
    Path tmp;

    private void ramdiskCpio() throws Exception {
        Tools.require("cpio");
        UnpackFixture.sampleTree(tmp);
        Tools.sh(tmp, "cd tree && find . | cpio -o -H newc --quiet | gzip -9 > ../initrd.cpio.gz");
    }

    @Test
    void build_uImageRamdisk_payloadDecompressedAndUnpackedAsCpio() throws Exception {
        Tools.require("mkimage");
        ramdiskCpio();
        Tools.sh(tmp, "mkimage -A arm -O linux -T ramdisk -C gzip -n initrd -d initrd.cpio.gz initrd.uimg >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("initrd.uimg"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.get("/initrd.uimg").orElseThrow().type()).isEqualTo(FileType.UIMAGE);
            assertThat(f.get("/initrd.uimg!/ramdisk").orElseThrow().type()).isEqualTo(FileType.CPIO);
            assertThat(f.text("/initrd.uimg!/ramdisk!/etc/hostname")).isEqualTo("device\n");
        }
    }

    @Test
    void build_bootScript_scriptMemberHoldsTheCommands() throws Exception {
        Tools.require("mkimage");
        Files.writeString(tmp.resolve("boot.cmd"), "setenv bootargs console=ttyS0 init=/bin/sh\nbootz 0x80000\n");
        Tools.sh(tmp, "mkimage -A arm -O linux -T script -C none -d boot.cmd boot.scr >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("boot.scr"), tmp)) {
            assertThat(f.text("/boot.scr!/script")).startsWith("setenv bootargs console=ttyS0 init=/bin/sh");
        }
    }

    @Test
    void build_multiFileUImage_eachImageAMember() throws Exception {
        Tools.require("mkimage");
        Files.writeString(tmp.resolve("a.bin"), "first image\n");
        Files.writeString(tmp.resolve("b.bin"), "second, longer image\n");
        Tools.sh(tmp, "mkimage -A arm -O linux -T multi -C none -d a.bin:b.bin multi.uimg >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("multi.uimg"), tmp)) {
            assertThat(f.text("/multi.uimg!/image-0")).isEqualTo("first image\n");
            assertThat(f.text("/multi.uimg!/image-1")).isEqualTo("second, longer image\n");
        }
    }

    @Test
    void build_uImageWithAlteredPayload_openedAndTheCrcMismatchSaid() throws Exception {
        Tools.require("mkimage");
        Files.writeString(tmp.resolve("k.bin"), "kernel bytes kernel bytes\n");
        Tools.sh(tmp, "mkimage -A arm -O linux -T kernel -C none -a 0 -e 0 -d k.bin k.uimg >/dev/null"
                + " && printf 'X' | dd of=k.uimg bs=1 seek=70 conv=notrunc status=none");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("k.uimg"), tmp)) {
            assertThat(f.result.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("data CRC does not match"));
            assertThat(f.get("/k.uimg!/kernel")).isPresent();
        }
    }

    /** A FIT with a gzip-compressed ramdisk, embedded and with external data (mkimage -E). */
    private Path fit(boolean external) throws Exception {
        Tools.require("mkimage");
        Tools.require("dtc");
        ramdiskCpio();
        Files.writeString(tmp.resolve("kernel.bin"), "not really a kernel\n");
        Files.writeString(tmp.resolve("image.its"), """
                /dts-v1/;
                / {
                    description = "test";
                    #address-cells = <1>;
                    images {
                        kernel-1 { data = /incbin/("kernel.bin"); type = "kernel"; arch = "arm"; os = "linux";
                                   compression = "none"; load = <0x80000>; entry = <0x80000>; };
                        ramdisk-1 { data = /incbin/("initrd.cpio.gz"); type = "ramdisk"; arch = "arm"; os = "linux";
                                    compression = "gzip"; };
                    };
                    configurations { default = "conf-1"; conf-1 { kernel = "kernel-1"; ramdisk = "ramdisk-1"; }; };
                };
                """);
        Tools.sh(tmp, "mkimage " + (external ? "-E " : "") + "-f image.its image.itb >/dev/null");
        return tmp.resolve("image.itb");
    }

    @Test
    void build_fitEmbedded_subImagesNamedByNodeAndDecompressed() throws Exception {
        try (UnpackFixture f = new UnpackFixture(fit(false), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/image.itb!/images/kernel-1")).isEqualTo("not really a kernel\n");
            assertThat(f.text("/image.itb!/images/ramdisk-1!/etc/hostname")).isEqualTo("device\n");
            assertThat(f.get("/image.itb").orElseThrow().type()).isEqualTo(FileType.FDT);
        }
    }

    @Test
    void build_fitExternalData_subImagesFoundAfterTheBlob() throws Exception {
        try (UnpackFixture f = new UnpackFixture(fit(true), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/image.itb!/images/kernel-1")).isEqualTo("not really a kernel\n");
            assertThat(f.text("/image.itb!/images/ramdisk-1!/etc/hostname")).isEqualTo("device\n");
            assertThat(f.result.coverage().percent()).isGreaterThanOrEqualTo(99.0);
        }
    }

    @Test
    void build_norFlashDump_structuresCarvedAtTheirOffsets() throws Exception {
        try (UnpackFixture f = new UnpackFixture(ImageFixtures.norFlashDump(tmp), tmp)) {
            assertThat(f.get("/flash.bin!/0x00040000.ubootenv")).isPresent();
            assertThat(f.get("/flash.bin!/0x00050000.uimage").orElseThrow().type()).isEqualTo(FileType.UIMAGE);
            assertThat(f.get("/flash.bin!/0x00050000.uimage!/kernel").orElseThrow().size()).isEqualTo(40_000);
            assertThat(f.text("/flash.bin!/0x00200000.squashfs!/etc/hostname")).isEqualTo("device\n");
            assertThat(f.get("/flash.bin!/0x00100000.dtb").orElseThrow().type()).isEqualTo(FileType.FDT);
            assertThat(f.get("/flash.bin!/0x00100000.dtb!/images/kernel-1").orElseThrow().size()).isEqualTo(40_000);
            // the random bootloader stays: a region no reader understood, scanned as bytes
            assertThat(f.get("/flash.bin!/0x00000000-0x00010000.unknown")).isPresent();
            Coverage c = f.result.coverage();
            assertThat(c.unexplainedRegions()).singleElement().satisfies(r -> {
                assertThat(r.offset()).isZero();
                assertThat(r.size()).isEqualTo(65536);
                assertThat(r.entropy()).isEqualTo("compressed-or-encrypted");
            });
            assertThat(c.percent()).isBetween(98.0, 99.0);
            assertThat(f.result.opened()).contains("/flash.bin");
        }
    }

    @Test
    void build_randomBlob_unexplainedAndNamedInErrors() throws Exception {
        Tools.sh(tmp, "head -c 2097152 /dev/urandom > blob.bin");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("blob.bin"), tmp)) {
            assertThat(f.result.coverage().percent()).isLessThan(1.0);
            assertThat(f.result.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("no reader recognises"));
            assertThat(f.result.opened()).isEmpty();
        }
    }

    @Test
    void build_erasedFlash_allPaddingNoError() throws Exception {
        Tools.sh(tmp, "tr '\\000' '\\377' < /dev/zero | head -c 2097152 > erased.bin");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("erased.bin"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.result.coverage().percent()).isEqualTo(100.0);
        }
    }

    /** mkimage stores the payload as given; -C names how it was compressed (as U-Boot's bootm decompresses it). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "bzip2, bzip2 -9 -c, bzip2",
            "lzma, xz --format=lzma -c, xz",
            "lz4, lz4 -q -c, lz4",
            "zstd, zstd -q -c, zstd",
    })
    void build_uImageRamdiskWithEachCompression_decompressed(String comp, String compress, String tool) throws Exception {
        Tools.require("mkimage");
        Tools.require(tool);
        Tools.require("cpio");
        UnpackFixture.sampleTree(tmp);
        Tools.sh(tmp, "(cd tree && find . | cpio -o -H newc --quiet) | " + compress + " > rd.bin"
                + " && mkimage -A arm -O linux -T ramdisk -C " + comp + " -d rd.bin rd.uimg >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("rd.uimg"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/rd.uimg!/ramdisk!/etc/hostname")).isEqualTo("device\n");
        }
    }
}
