package dev.medsec.unpack;

import dev.medsec.core.Coverage;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Disk images made by the real tools (sgdisk, sfdisk, mkfs.vfat, mcopy, mkfs.ext4, img2simg), opened end to end. */
class DiskImagesTest {
    @TempDir
    Path tmp;

    /** A Yocto-like .wic: GPT, a FAT boot partition and an ext4 root, written into place with dd. */
    private Path wic() throws Exception {
        for (String t : new String[] {"sgdisk", "mkfs.vfat", "mcopy", "mkfs.ext4"}) {
            Tools.require(t);
        }
        UnpackFixture.sampleTree(tmp);
        Files.writeString(tmp.resolve("uEnv.txt"), "bootdelay=0\n");
        Tools.sh(tmp, String.join(" && ",
                "truncate -s 48M sdcard.wic",
                "sgdisk -n 1:2048:+8M -c 1:boot -t 1:ef00 -n 2:0:0 -c 2:rootfs sdcard.wic >/dev/null",
                "mkfs.vfat -C boot.vfat 8192 >/dev/null",
                "mcopy -i boot.vfat uEnv.txt ::/uEnv.txt",
                "mmd -i boot.vfat ::/overlays",
                "mcopy -i boot.vfat uEnv.txt ::/overlays/a-rather-long-overlay-name.dtbo",
                "mkfs.ext4 -q -d tree root.ext4 30M",
                "dd if=boot.vfat of=sdcard.wic bs=512 seek=2048 conv=notrunc status=none",
                "dd if=root.ext4 of=sdcard.wic bs=512 seek=$(sgdisk -i 2 sdcard.wic | awk '/First sector/{print $3}') conv=notrunc status=none"));
        return tmp.resolve("sdcard.wic");
    }

    @Test
    void build_gptDiskImage_partitionsAreLayersNamedByLabel() throws Exception {
        try (UnpackFixture f = new UnpackFixture(wic(), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.get("/sdcard.wic").orElseThrow().type()).isEqualTo(FileType.DISK_IMAGE);
            assertThat(f.get("/sdcard.wic!/p1-boot").orElseThrow().type()).isEqualTo(FileType.FAT_FS);
            assertThat(f.get("/sdcard.wic!/p2-rootfs").orElseThrow().type()).isEqualTo(FileType.EXT_FS);
            assertThat(f.text("/sdcard.wic!/p1-boot!/uEnv.txt")).isEqualTo("bootdelay=0\n");
            assertThat(f.text("/sdcard.wic!/p1-boot!/overlays/a-rather-long-overlay-name.dtbo")).isEqualTo("bootdelay=0\n");
            assertThat(f.text("/sdcard.wic!/p2-rootfs!/etc/hostname")).isEqualTo("device\n");
            // the partitions are regions of the disk: nothing was copied for them
            assertThat(f.get("/sdcard.wic!/p2-rootfs").orElseThrow().hostRegion().orElseThrow().offset()).isGreaterThan(0);
        }
    }

    @Test
    void build_gptDiskImage_coverageAccountsEveryByte() throws Exception {
        try (UnpackFixture f = new UnpackFixture(wic(), tmp)) {
            Coverage c = f.result.coverage();
            assertThat(c.targetBytes()).isEqualTo(48L << 20);
            assertThat(c.percent()).isGreaterThanOrEqualTo(99.0);
            assertThat(c.notOpened()).isEmpty();
            Coverage.Container disk = c.containers().stream().filter(x -> x.path().equals("/sdcard.wic")).findFirst().orElseThrow();
            assertThat(disk.format()).isEqualTo("gpt");
            assertThat(disk.explained() + disk.padding() + disk.unexplained()).isEqualTo(48L << 20);
            assertThat(c.containers()).extracting(Coverage.Container::format).contains("fat-fs", "ext-fs");
        }
    }

    @Test
    void build_gptWithDamagedPrimaryHeader_readsTheBackupAndSaysSo() throws Exception {
        Path disk = wic();
        Tools.sh(tmp, "printf 'XXXX' | dd of=sdcard.wic bs=1 seek=600 conv=notrunc status=none");
        try (UnpackFixture f = new UnpackFixture(disk, tmp)) {
            assertThat(f.result.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("backup"));
            assertThat(f.text("/sdcard.wic!/p2-rootfs!/etc/hostname")).isEqualTo("device\n");
        }
    }

    @Test
    void build_mbrWithLogicalPartitions_followsTheExtendedChain() throws Exception {
        Tools.require("sfdisk");
        Tools.require("mkfs.vfat");
        Tools.require("mcopy");
        Files.writeString(tmp.resolve("a.txt"), "logical\n");
        Tools.sh(tmp, String.join(" && ",
                "truncate -s 40M mbr.img",
                "printf 'label: dos\\nstart=2048, size=8192, type=c\\nstart=12288, type=5\\nstart=14336, size=8192, type=83\\nstart=24576, size=8192, type=c\\n' | sfdisk -q mbr.img",
                "mkfs.vfat -C p6.vfat 4096 >/dev/null",
                "mcopy -i p6.vfat a.txt ::/A.TXT",
                "dd if=p6.vfat of=mbr.img bs=512 seek=24576 conv=notrunc status=none"));
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("mbr.img"), tmp)) {
            assertThat(f.get("/mbr.img!/p1")).isPresent();
            assertThat(f.get("/mbr.img!/p5")).isPresent();
            assertThat(f.get("/mbr.img!/p6").orElseThrow().type()).isEqualTo(FileType.FAT_FS);
            assertThat(f.text("/mbr.img!/p6!/A.TXT")).isEqualTo("logical\n");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {12, 16, 32})
    void build_fatOfEachWidth_longNamesAndDirectories(int bits) throws Exception {
        Tools.require("mkfs.vfat");
        Tools.require("mcopy");
        Files.writeString(tmp.resolve("cfg"), "x=1\n");
        Files.write(tmp.resolve("big"), new byte[300_000]);
        Tools.sh(tmp, String.join(" && ",
                "mkfs.vfat -F " + bits + " -C fat.img " + (bits == 12 ? 4096 : bits == 16 ? 65536 : 40000) + " >/dev/null",
                "mmd -i fat.img ::/EFI ::/EFI/BOOT",
                "mcopy -i fat.img cfg ::/EFI/BOOT/Grub-Configuration.cfg",
                "mcopy -i fat.img big ::/big.bin"));
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("fat.img"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/EFI/BOOT/Grub-Configuration.cfg")).isEqualTo("x=1\n");
            assertThat(f.get("/big.bin").orElseThrow().size()).isEqualTo(300_000);
            assertThat(f.result.coverage().containers()).extracting(Coverage.Container::format).contains("fat-fs");
        }
    }

    @Test
    void build_androidSparseImage_expandsToTheExtImageInside() throws Exception {
        Tools.require("img2simg");
        Tools.require("mkfs.ext4");
        UnpackFixture.sampleTree(tmp);
        Tools.sh(tmp, "mkfs.ext4 -q -d tree system.img 16M && img2simg system.img system.simg");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("system.simg"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            Artifact raw = f.get("/system.raw").orElseThrow();
            assertThat(raw.size()).isEqualTo(16L << 20);
            assertThat(f.text("/system.raw!/etc/hostname")).isEqualTo("device\n");
        }
    }

    @Test
    void build_isoWithRockRidge_modesOwnersLinksAndLongNames() throws Exception {
        Tools.require("xorriso");
        UnpackFixture.sampleTree(tmp);
        Files.createDirectories(tmp.resolve("tree/a/b/c/d/e/f/g/h/i"));
        Files.writeString(tmp.resolve("tree/a/b/c/d/e/f/g/h/i/a-deep-file-with-a-long-name.conf"), "deep\n");
        Tools.sh(tmp, "chmod 4755 tree/usr/bin/tool && xorriso -as mkisofs -quiet -R -o cd.iso tree 2>/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("cd.iso"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.result.targetType()).isEqualTo("iso9660");
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
            assertThat(f.text("/a/b/c/d/e/f/g/h/i/a-deep-file-with-a-long-name.conf")).isEqualTo("deep\n");
            assertThat(f.get("/usr/bin/tool").orElseThrow().meta().mode()).hasValue(04755);
            assertThat(f.get("/usr/bin/link").orElseThrow().meta().linkTarget()).contains("tool");
            assertThat(f.result.coverage().percent()).isEqualTo(100.0);
        }
    }

    @Test
    void build_isoWithJolietOnly_longNamesFromTheSupplementaryDescriptor() throws Exception {
        Tools.require("xorriso");
        UnpackFixture.sampleTree(tmp);
        Files.writeString(tmp.resolve("tree/etc/Long Name With Spaces.txt"), "joliet\n");
        Tools.sh(tmp, "rm tree/usr/bin/link && xorriso -as mkisofs -quiet -J -o cd.iso tree 2>/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("cd.iso"), tmp)) {
            assertThat(f.text("/etc/Long Name With Spaces.txt")).isEqualTo("joliet\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"little", "big"})
    void build_cramfsOfEitherByteOrder_treeWithModesAndLinks(String endian) throws Exception {
        Tools.require("mkfs.cramfs");
        UnpackFixture.sampleTree(tmp);
        Files.write(tmp.resolve("tree/usr/bin/big"), new byte[20_000]);
        Tools.sh(tmp, "chmod 4755 tree/usr/bin/tool && mkfs.cramfs -N " + endian + " tree fs.cramfs >/dev/null");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("fs.cramfs"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
            assertThat(f.get("/usr/bin/tool").orElseThrow().meta().mode()).hasValue(04755);
            assertThat(f.get("/usr/bin/link").orElseThrow().meta().linkTarget()).contains("tool");
            assertThat(f.get("/usr/bin/big").orElseThrow().size()).isEqualTo(20_000);
        }
    }

    @ParameterizedTest
    @CsvSource({"-l, ''", "-b, ''", "-l, -X lzo -x zlib", "-l, -x zlib"})
    void build_jffs2ByteOrderAndCompressor_treeAsTheKernelSeesIt(String endian, String compressors) throws Exception {
        Tools.require("mkfs.jffs2");
        UnpackFixture.sampleTree(tmp);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append("line ").append(i).append(" of a configuration file\n");
        }
        Files.writeString(tmp.resolve("tree/etc/big.conf"), text);
        Tools.sh(tmp, "chmod 4755 tree/usr/bin/tool && mkfs.jffs2 " + endian + " " + compressors
                + " -e 0x10000 -p -r tree -o fs.jffs2 --squash-uids");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("fs.jffs2"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.result.targetType()).isEqualTo("jffs2");
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
            assertThat(f.text("/etc/big.conf")).isEqualTo(text.toString());
            assertThat(f.get("/usr/bin/tool").orElseThrow().meta().mode()).hasValue(04755);
            assertThat(f.get("/usr/bin/link").orElseThrow().meta().linkTarget()).contains("tool");
        }
    }

    /**
     * A deletion as the kernel writes it: a newer directory entry for the same name with inode 0. The test finds
     * the entry mkfs.jffs2 wrote for "hostname" and appends its deleting successor, CRCs computed as JFFS2 does.
     */
    @Test
    void build_jffs2WithDeletedEntry_nameHidden() throws Exception {
        Tools.require("mkfs.jffs2");
        UnpackFixture.sampleTree(tmp);
        Tools.sh(tmp, "mkfs.jffs2 -l -e 0x10000 -r tree -o fs.jffs2");
        byte[] image = Files.readAllBytes(tmp.resolve("fs.jffs2"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(image).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int at = -1;
        for (int i = 0; i + 48 <= image.length; i += 4) {
            if ((b.getShort(i) & 0xffff) == 0x1985 && (b.getShort(i + 2) & 0xffff) == 0xe001 && b.get(i + 28) == 8
                    && new String(image, i + 40, 8, java.nio.charset.StandardCharsets.US_ASCII).equals("hostname")) {
                at = i;
            }
        }
        assertThat(at).as("mkfs.jffs2 wrote a dirent for hostname").isNotNegative();
        java.nio.ByteBuffer del = java.nio.ByteBuffer.allocate(48).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        del.put(image, at, 48).flip();
        del.putInt(16, b.getInt(at + 16) + 100);    // version: newer
        del.putInt(20, 0);                          // ino 0: deleted
        del.putInt(32, Crc32Raw.of(0, del, 0, 32)); // node_crc
        Files.write(tmp.resolve("fs.jffs2"), java.util.Arrays.copyOf(del.array(), 48), java.nio.file.StandardOpenOption.APPEND);
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("fs.jffs2"), tmp)) {
            assertThat(f.get("/etc/hostname")).isEmpty();
            assertThat(f.get("/usr/bin/tool")).isPresent();
            assertThat(f.result.errors()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lzo", "zlib", "zstd", "none"})
    void build_ubiImageWithUbifsVolume_volumeNamedAndItsTreeRead(String compressor) throws Exception {
        Tools.require("mkfs.ubifs");
        Tools.require("ubinize");
        UnpackFixture.sampleTree(tmp);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(tmp.resolve("tree/etc/big.conf"), text);
        Files.writeString(tmp.resolve("ubinize.cfg"), """
                [rootfs]
                mode=ubi
                image=rootfs.ubifs
                vol_id=0
                vol_type=dynamic
                vol_name=rootfs
                vol_flags=autoresize
                """);
        Tools.sh(tmp, "chmod 4755 tree/usr/bin/tool && mkfs.ubifs -x " + compressor + " -r tree -m 2048 -e 126976 -c 64 -o rootfs.ubifs"
                + " && ubinize -o nand.ubi -m 2048 -p 128KiB -s 2048 ubinize.cfg");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("nand.ubi"), tmp)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.get("/rootfs").orElseThrow().type()).isEqualTo(FileType.UBIFS);
            assertThat(f.text("/rootfs!/etc/hostname")).isEqualTo("device\n");
            assertThat(f.text("/rootfs!/etc/big.conf")).isEqualTo(text.toString());
            assertThat(f.get("/rootfs!/usr/bin/tool").orElseThrow().meta().mode()).hasValue(04755);
            assertThat(f.get("/rootfs!/usr/bin/link").orElseThrow().meta().linkTarget()).contains("tool");
        }
    }
}
