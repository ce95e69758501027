package dev.medsec.unpack;

import dev.medsec.core.ScanError;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images made by the real tools, then one field changed to what a hostile or damaged image holds: each is read
 * with a clear error entry and bounded work, and what is still sound is kept.
 */
class MalformedLayoutsTest {
    @TempDir
    Path tmp;

    private static void patch(Path file, long offset, ByteBuffer bytes) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(bytes, offset);
        }
    }

    private static ByteBuffer le32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) v);
    }

    private static java.util.List<String> messages(UnpackFixture f) {
        return f.result.errors().stream().map(ScanError::message).toList();
    }

    /**
     * sfdisk's extended partition at sector 8192 holds one logical partition. Its EBR's second entry is pointed at
     * a second EBR (sector 8193, relative 1) whose own second entry points at itself: the chain loops.
     */
    @Test
    void build_mbrWhoseExtendedChainLoops_stopsWithAnError() throws Exception {
        Tools.require("sfdisk");
        Tools.sh(tmp, "truncate -s 16M mbr.img && printf 'label: dos\nstart=2048, size=4096, type=c\nstart=8192, type=5\n"
                + "start=10240, size=2048, type=83\n' | sfdisk -q mbr.img");
        Path img = tmp.resolve("mbr.img");
        long ebr = 8192L * 512;
        patch(img, ebr + 462 + 4, ByteBuffer.wrap(new byte[] {0x05}));   // second entry: an extended link
        patch(img, ebr + 462 + 8, le32(1));                               // to the EBR at relative sector 1
        patch(img, ebr + 462 + 12, le32(1));
        ByteBuffer looping = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        looping.put(462 + 4, (byte) 0x05).putInt(462 + 8, 1).putInt(462 + 12, 1); // its next EBR: itself
        looping.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        patch(img, ebr + 512, looping);
        try (UnpackFixture f = new UnpackFixture(img, tmp)) {
            assertThat(messages(f)).anyMatch(m -> m.contains("loops"));
            assertThat(f.get("/mbr.img!/p1")).isPresent();
            assertThat(f.get("/mbr.img!/p5")).isPresent();
        }
    }

    @Test
    void build_uImageWithWrongHeaderCrc_refusedNamingTheCrc() throws Exception {
        Tools.require("mkimage");
        Files.writeString(tmp.resolve("k.bin"), "payload\n");
        Tools.sh(tmp, "mkimage -A arm -O linux -T kernel -C none -a 0 -e 0 -d k.bin k.uimg >/dev/null");
        patch(tmp.resolve("k.uimg"), 4, ByteBuffer.wrap(new byte[] {0, 0, 0, 0}));   // ih_hcrc
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("k.uimg"), tmp)) {
            assertThat(messages(f)).anyMatch(m -> m.contains("header CRC does not match"));
            assertThat(f.get("/k.uimg!/kernel")).isEmpty();
            assertThat(f.result.coverage().notOpened()).isNotEmpty();
        }
    }

    /** The second GPT entry's last LBA moved far past the disk's end: the partition is cut to the image, and said. */
    @Test
    void build_gptPartitionPastTheEnd_truncatedAndSaid() throws Exception {
        Tools.require("sgdisk");
        Tools.sh(tmp, "truncate -s 8M d.img && sgdisk -n 1:2048:+2M -n 2:0:0 d.img >/dev/null");
        Path img = tmp.resolve("d.img");
        long entry2 = 2L * 512 + 128;                          // entry array at LBA 2, 128 bytes per entry
        patch(img, entry2 + 40, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40));
        // the entry array's CRC (header offset 88) no longer matches: fix the header as a careful attacker would
        byte[] entries = new byte[128 * 128];
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(entries), 1024);
        }
        CRC32 crc = new CRC32();
        crc.update(entries);
        patch(img, 512 + 88, le32(crc.getValue()));
        byte[] header = new byte[92];
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(header), 512);
        }
        header[16] = header[17] = header[18] = header[19] = 0;
        CRC32 hcrc = new CRC32();
        hcrc.update(header);
        patch(img, 512 + 16, le32(hcrc.getValue()));
        try (UnpackFixture f = new UnpackFixture(img, tmp)) {
            assertThat(messages(f)).anyMatch(m -> m.contains("runs past the end of the image"));
            assertThat(f.get("/d.img!/p2").orElseThrow().size()).isLessThan(8L << 20);
        }
    }

    /** A subdirectory whose first cluster is the root's own data region start: a loop the walk must refuse. */
    @Test
    void build_fatDirectoryClusterChainLoops_cutWithAnError() throws Exception {
        Tools.require("mkfs.vfat");
        Tools.require("mcopy");
        Files.writeString(tmp.resolve("a.txt"), "a\n");
        Tools.sh(tmp, "mkfs.vfat -C fat.img 2048 >/dev/null && mmd -i fat.img ::/sub && mcopy -i fat.img a.txt ::/sub/a.txt");
        Path img = tmp.resolve("fat.img");
        byte[] boot = new byte[512];
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ch.read(ByteBuffer.wrap(boot), 0);
        }
        ByteBuffer b = ByteBuffer.wrap(boot).order(ByteOrder.LITTLE_ENDIAN);
        int reserved = b.getShort(14) & 0xffff;
        int bytesPerSector = b.getShort(11) & 0xffff;
        // FAT12: make cluster 2 (the first data cluster, where /sub lives) point to itself
        long fat = (long) reserved * bytesPerSector;
        patch(img, fat + 3, ByteBuffer.wrap(new byte[] {0x02, 0x00}));   // entry of cluster 2 (12 bits at byte 3) = 2
        try (UnpackFixture f = new UnpackFixture(img, tmp)) {
            assertThat(messages(f)).anyMatch(m -> m.contains("loops") || m.contains("walked already"));
        }
    }
}
