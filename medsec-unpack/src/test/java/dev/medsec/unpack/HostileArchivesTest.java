package dev.medsec.unpack;

import dev.medsec.core.ScanError;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.testkit.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Archives built entry by entry to attack the unpacker. The invariant under test: nothing is ever written
 * outside the sandbox, and every refusal is an error entry while the rest of the archive is still read.
 */
class HostileArchivesTest {
    @TempDir
    Path tmp;
    Path outside;
    Path work;

    @BeforeEach
    void setUp() throws IOException {
        outside = Files.createDirectories(tmp.resolve("victim/dir"));
        work = Files.createDirectories(tmp.resolve("work"));
    }

    /** Everything below tmp that is not inside the work directory or one of the test's own inputs. */
    private void assertNothingWrittenOutsideWork(List<Path> inputs) throws IOException {
        try (Stream<Path> all = Files.walk(tmp)) {
            List<Path> stray = all.filter(p -> !p.startsWith(work) && !inputs.contains(p)
                    && !p.equals(tmp) && !p.equals(outside) && !p.equals(outside.getParent())).toList();
            assertThat(stray).as("files written outside the work directory").isEmpty();
        }
    }

    private static void tarEntry(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static void tarLink(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private Path tar(String name, TarBody body) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            body.write(tar);
        }
        return p;
    }

    @FunctionalInterface
    interface TarBody {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    @Test
    void build_tarWithDotDotAndAbsoluteNames_refusedOrRerootedNeverOutside() throws Exception {
        Path t = tar("slip.tar", tar -> {
            tarEntry(tar, "../../victim/dir/pwned", "x");
            tarEntry(tar, "a/../../../victim/dir/pwned2", "x");
            tarEntry(tar, "/" + outside.resolve("abs").toString().substring(1), "absolute");
            tarEntry(tar, "ok.txt", "fine");
        });
        try (UnpackFixture f = new UnpackFixture(t, work)) {
            assertThat(f.text("/ok.txt")).isEqualTo("fine");
            // An absolute name is re-rooted inside the image, never written to the host path it names.
            assertThat(f.get(outside.resolve("abs").toString())).isPresent();
            assertThat(f.result.errors()).extracting(ScanError::message)
                    .anyMatch(m -> m.contains("climbs out")).hasSize(2);
            assertNothingWrittenOutsideWork(List.of(t));
        }
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void build_symlinkThenWriteThrough_entryBelowLinkRefused() throws Exception {
        Path t = tar("through.tar", tar -> {
            tarLink(tar, "evil", outside.toString(), TarConstants.LF_SYMLINK);
            tarEntry(tar, "evil/pwned", "through the link");
            tarLink(tar, "rel", "../../../../../../" + outside, TarConstants.LF_SYMLINK);
            tarEntry(tar, "rel/pwned", "through the relative link");
        });
        try (UnpackFixture f = new UnpackFixture(t, work)) {
            assertThat(f.get("/evil").orElseThrow().kind()).isEqualTo(EntryKind.SYMLINK);
            assertThat(f.get("/evil/pwned")).isEmpty();
            assertThat(f.result.errors()).extracting(ScanError::message)
                    .filteredOn(m -> m.contains("below the symbolic link")).hasSize(2);
            assertNothingWrittenOutsideWork(List.of(t));
            try (Stream<Path> w = Files.walk(f.sandbox.root())) {
                assertThat(w.filter(Files::isSymbolicLink)).as("links are never created on disk").isEmpty();
            }
        }
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void build_hardlinkToHostFile_neverGetsHostContent() throws Exception {
        Path secret = Files.writeString(tmp.resolve("victim/secret"), "host secret");
        Path t = tar("hard.tar", tar -> {
            tarLink(tar, "stolen", secret.toString(), TarConstants.LF_LINK);
            tarEntry(tar, "orig", "archive content");
            tarLink(tar, "copy", "orig", TarConstants.LF_LINK);
        });
        try (UnpackFixture f = new UnpackFixture(t, work)) {
            assertThat(f.get("/stolen").orElseThrow().hasContent()).isFalse();
            assertThat(f.text("/copy")).isEqualTo("archive content");
            assertThat(f.get("/copy").orElseThrow().kind()).isEqualTo(EntryKind.HARDLINK);
        }
        assertThat(Files.readString(secret)).isEqualTo("host secret");
    }

    @Test
    void build_deviceNodesAndFifos_recordedNeverCreated() throws Exception {
        Path t = tar("dev.tar", tar -> {
            TarArchiveEntry chr = new TarArchiveEntry("dev/mem", TarConstants.LF_CHR, true);
            chr.setDevMajor(1);
            chr.setDevMinor(1);
            tar.putArchiveEntry(chr);
            tar.closeArchiveEntry();
            TarArchiveEntry fifo = new TarArchiveEntry("run/fifo", TarConstants.LF_FIFO, true);
            tar.putArchiveEntry(fifo);
            tar.closeArchiveEntry();
        });
        try (UnpackFixture f = new UnpackFixture(t, work)) {
            assertThat(f.get("/dev/mem").orElseThrow().kind()).isEqualTo(EntryKind.CHAR_DEVICE);
            assertThat(f.get("/run/fifo").orElseThrow().kind()).isEqualTo(EntryKind.FIFO);
            try (Stream<Path> w = Files.walk(f.sandbox.root())) {
                assertThat(w.filter(p -> !Files.isDirectory(p) && !Files.isRegularFile(p))).isEmpty();
            }
        }
    }

    @Test
    void build_zipSlip_refusedNothingOutside() throws Exception {
        Path z = tmp.resolve("slip.zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(z)) {
            for (String name : List.of("../../victim/dir/pwned", "..\\..\\victim\\dir\\pwned2", "good/file.txt")) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                zip.write("x".getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        try (UnpackFixture f = new UnpackFixture(z, work)) {
            assertThat(f.text("/good/file.txt")).isEqualTo("x");
            assertThat(f.result.errors()).hasSize(2);
            assertNothingWrittenOutsideWork(List.of(z));
        }
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void build_gzipBombByRatio_memberStoppedAndErrorRecorded() throws Exception {
        Path bomb = tmp.resolve("bomb.img.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                out.write(zeros); // 64 MiB of zeros compress about 1:1000
            }
        }
        try (UnpackFixture f = new UnpackFixture(bomb, work)) {
            assertThat(f.result.errors()).extracting(ScanError::message).anyMatch(m -> m.contains("compression ratio"));
            assertThat(f.get("/bomb.img")).isEmpty();
            assertThat(f.sandbox.bytesWritten()).isLessThan(4L << 20);
        }
    }

    @Test
    void build_zipBombMemberByRatio_otherMembersStillRead() throws Exception {
        Path z = tmp.resolve("bomb.zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(z)) {
            zip.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 32; i++) {
                zip.write(zeros);
            }
            zip.closeArchiveEntry();
            zip.putArchiveEntry(new ZipArchiveEntry("after.txt"));
            zip.write("still read".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        try (UnpackFixture f = new UnpackFixture(z, work)) {
            assertThat(f.get("/zeros.bin")).isEmpty();
            assertThat(f.text("/after.txt")).isEqualTo("still read");
        }
    }

    @Test
    void build_tooManyEntries_stopsAtBudgetWithError() throws Exception {
        Path t = tar("many.tar", tar -> {
            for (int i = 0; i < 500; i++) {
                tarEntry(tar, "f" + i, "");
            }
        });
        UnpackLimits limits = new UnpackLimits(1L << 30, 100, 200, 8, 60);
        try (UnpackFixture f = new UnpackFixture(t, work, limits)) {
            assertThat(f.result.artifacts().size()).isLessThanOrEqualTo(100);
            assertThat(f.result.errors()).extracting(ScanError::message).anyMatch(m -> m.contains("entry budget"));
        }
    }

    @Test
    void build_byteBudget_stopsArchiveWithError() throws Exception {
        Path t = tar("big.tar", tar -> {
            for (int i = 0; i < 10; i++) {
                tarEntry(tar, "f" + i, "0123456789".repeat(1000));
            }
        });
        UnpackLimits limits = new UnpackLimits(25_000, 1000, 200, 8, 60);
        try (UnpackFixture f = new UnpackFixture(t, work, limits)) {
            assertThat(f.sandbox.bytesWritten()).isLessThanOrEqualTo(25_000 + 65_536);
            assertThat(f.result.errors()).extracting(ScanError::message).anyMatch(m -> m.contains("byte budget"));
        }
    }

    @Test
    void build_nestingBeyondDepthLimit_notOpened() throws Exception {
        Tools.require("tar");
        Files.writeString(tmp.resolve("leaf.txt"), "deep");
        Tools.sh(tmp, "tar -cf l0.tar leaf.txt && for i in 1 2 3; do tar -cf l$i.tar l$((i-1)).tar; done");
        UnpackLimits limits = new UnpackLimits(1L << 30, 1000, 200, 2, 60);
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("l3.tar"), work, limits)) {
            assertThat(f.get("/l2.tar!/l1.tar")).isPresent();
            assertThat(f.get("/l2.tar!/l1.tar!/l0.tar")).isPresent();
            assertThat(f.get("/l2.tar!/l1.tar!/l0.tar!/leaf.txt")).isEmpty();
            assertThat(f.result.errors()).extracting(ScanError::message).anyMatch(m -> m.contains("nesting depth"));
        }
    }

    @Test
    void build_truncatedTar_errorRecordedEarlierMembersKept() throws Exception {
        Path t = tar("full.tar", tar -> {
            tarEntry(tar, "first", "1".repeat(600));
            tarEntry(tar, "second", "2".repeat(5000));
        });
        byte[] all = Files.readAllBytes(t);
        Path cut = Files.write(tmp.resolve("cut.tar"), java.util.Arrays.copyOf(all, 2048));
        try (UnpackFixture f = new UnpackFixture(cut, work)) {
            assertThat(f.text("/first")).hasSize(600);
            assertThat(f.result.errors()).isNotEmpty();
            assertThat(f.result.errors().get(0).path()).isEqualTo("/");
        }
    }

    @Test
    void build_truncatedNestedArchive_errorPathIsTheNestedArchive() throws Exception {
        Path inner = tar("inner.tar", tar -> tarEntry(tar, "x", "y".repeat(3000)));
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(inner), 1024);
        Path outer = tar("outer.tar", tar -> {
            TarArchiveEntry e = new TarArchiveEntry("fw/inner.tar", true);
            e.setSize(cut.length);
            tar.putArchiveEntry(e);
            tar.write(cut);
            tar.closeArchiveEntry();
        });
        try (UnpackFixture f = new UnpackFixture(outer, work)) {
            assertThat(f.result.errors()).extracting(ScanError::path).contains("/fw/inner.tar");
        }
    }

    @Test
    void close_removesWorkDirectory() throws Exception {
        Path t = tar("one.tar", tar -> tarEntry(tar, "a", "b"));
        Path root;
        try (UnpackFixture f = new UnpackFixture(t, work)) {
            root = f.sandbox.root();
            assertThat(root).isDirectory();
            Artifact a = f.get("/a").orElseThrow();
            assertThat(a.contentFile().orElseThrow()).startsWith(root);
        }
        assertThat(root).doesNotExist();
    }

    /**
     * The overlapping-entry bomb: zip(1) writes one member; its central-directory record is then repeated under
     * other names, all pointing at the same local header and data, and the end record counts them.
     */
    @Test
    void build_zipWhoseEntriesShareOneMembersData_refusedBeforeWriting() throws Exception {
        dev.medsec.testkit.Tools.require("zip");
        java.nio.file.Files.write(tmp.resolve("big.txt"), new byte[200_000]);
        dev.medsec.testkit.Tools.sh(tmp, "zip -q -9 one.zip big.txt");
        byte[] z = java.nio.file.Files.readAllBytes(tmp.resolve("one.zip"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(z).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int eocd = z.length - 22;                               // no archive comment
        assertThat(b.getInt(eocd)).isEqualTo(0x06054b50);
        int cdSize = b.getInt(eocd + 12);
        int cdOffset = b.getInt(eocd + 16);
        byte[] record = java.util.Arrays.copyOfRange(z, cdOffset, cdOffset + cdSize);  // one central record
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(z, 0, cdOffset);
        int copies = 50;
        for (int i = 0; i < copies; i++) {
            byte[] r = record.clone();
            byte[] name = String.format("big%02d.t", i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            System.arraycopy(name, 0, r, 46, name.length);      // same length as "big.txt": the record's size holds
            out.write(r);
        }
        java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) copies).putShort((short) copies)
                .putInt(cdSize * copies).putInt(cdOffset).putShort((short) 0);
        out.write(end.array());
        java.nio.file.Path bomb = tmp.resolve("bomb.zip");
        java.nio.file.Files.write(bomb, out.toByteArray());
        try (UnpackFixture f = new UnpackFixture(bomb, work)) {
            assertThat(f.result.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("share or overlap their data"));
            assertThat(f.result.artifacts()).isEmpty();
            assertThat(f.sandbox.bytesWritten()).isZero();
        }
    }

    /**
     * ext4 images whose directories are hard-linked (debugfs ln, as a crafted image would have them): a cycle
     * back to an ancestor twice in one directory — which "rdump /" doubles at every level — and a second name of
     * a sibling directory. Each link is an error entry, nothing is repeated, and the entries beside the links
     * (files, fast and slow symbolic links, a setuid bit) are still extracted with their metadata.
     */
    @Test
    void build_ext4WithDirectoryHardLinkCycles_linksReportedTreeExtractedOnce() throws Exception {
        dev.medsec.testkit.Tools.require("mkfs.ext4");
        dev.medsec.testkit.Tools.require("debugfs");
        Path tree = Files.createDirectories(tmp.resolve("tree/a/b"));
        Files.createDirectories(tmp.resolve("tree/c/d"));
        Files.write(tree.resolve("data.bin"), new byte[64 * 1024]);
        Files.writeString(tmp.resolve("tree/c/d/e.txt"), "beside\n");
        Files.copy(Path.of("/bin/true"), tree.resolve("tool"));
        Files.createSymbolicLink(tree.resolve("fast"), Path.of("../c/d/e.txt"));
        Files.createSymbolicLink(tree.resolve("slow"), Path.of("/" + "x".repeat(100)));
        dev.medsec.testkit.Tools.sh(tmp, "chmod 4755 tree/a/b/tool && mkfs.ext4 -q -d tree cyc.ext4 8M"
                + " && debugfs -w -R 'ln /a /a/b/loop1' cyc.ext4 && debugfs -w -R 'ln /a /a/b/loop2' cyc.ext4"
                + " && debugfs -w -R 'ln /c/d /a/b/d-again' cyc.ext4");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("cyc.ext4"), work)) {
            assertThat(f.result.errors()).extracting(e -> e.path() + ": " + e.message()).containsExactlyInAnyOrder(
                    "/a/b/loop1: directory hard link to inode 12 (also /a, an ancestor: a cycle); not followed",
                    "/a/b/loop2: directory hard link to inode 12 (also /a, an ancestor: a cycle); not followed",
                    "/a/b/d-again: directory hard link to inode " + inode(tmp.resolve("cyc.ext4"), "/c/d")
                            + " (also /c/d); not followed");
            assertThat(f.result.artifacts()).extracting(Artifact::innerPath).doesNotContain("/a/b/loop1/b/data.bin")
                    .contains("/a/b/data.bin", "/c/d/e.txt", "/a/b/tool");
            assertThat(f.text("/c/d/e.txt")).isEqualTo("beside\n");
            assertThat(f.get("/a/b/data.bin").orElseThrow().size()).isEqualTo(64 * 1024);
            assertThat(f.get("/a/b/tool").orElseThrow().meta().isSetuid()).isTrue();
            assertThat(f.get("/a/b/fast").orElseThrow().meta().linkTarget()).contains("../c/d/e.txt");
            assertThat(f.get("/a/b/slow").orElseThrow().meta().linkTarget()).contains("/" + "x".repeat(100));
            assertThat(f.sandbox.bytesWritten()).isLessThan(200 * 1024);
        }
    }

    private static long inode(Path image, String path) {
        String out = dev.medsec.testkit.Tools.run(image.getParent(), "debugfs", "-R", "stat " + path, image.toString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Inode: (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** debugfs exits 0 on an image it cannot read: its complaint becomes the error entry, never an empty tree. */
    @Test
    void build_ext4WithDamagedGroupDescriptors_errorEntryNotAnEmptyTree() throws Exception {
        dev.medsec.testkit.Tools.require("mkfs.ext4");
        Files.createDirectories(tmp.resolve("small"));
        Files.writeString(tmp.resolve("small/a.txt"), "a\n");
        dev.medsec.testkit.Tools.sh(tmp, "mkfs.ext4 -q -b 1024 -d small broken.ext4 2M");
        Path img = tmp.resolve("broken.ext4");
        byte[] d = Files.readAllBytes(img);
        java.util.Arrays.fill(d, 2048, 2048 + 64, (byte) 0xff);   // the group descriptor table, block 2 of 1 KiB blocks
        Files.write(img, d);
        try (UnpackFixture f = new UnpackFixture(img, work)) {
            assertThat(f.result.errors()).extracting(ScanError::message)
                    .anyMatch(m -> m.startsWith("ext image cannot be read: "));
            assertThat(f.result.artifacts()).extracting(Artifact::innerPath).doesNotContain("/a.txt");
        }
    }

    /**
     * The fan-out bomb: each level a tar.xz of sixteen copies of the level below, which xz stores once — every
     * member a harmless 1:16, the whole 1:256 and growing sixteenfold per level. The cumulative budget of the
     * outer archive stops it; without it only the scan's total byte budget would (16 GiB by default).
     */
    @Test
    void build_nestedFanOutBomb_stoppedByTheOuterArchivesCumulativeRatio() throws Exception {
        dev.medsec.testkit.Tools.require("xz");
        dev.medsec.testkit.Tools.require("tar");
        byte[] leaf = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(leaf);
        Path l1 = Files.createDirectories(tmp.resolve("l1"));
        Path l2 = Files.createDirectories(tmp.resolve("l2"));
        for (int i = 0; i < 16; i++) {
            Files.write(l1.resolve("leaf" + i + ".bin"), leaf);
        }
        dev.medsec.testkit.Tools.sh(tmp, "tar -cf - -C l1 . | xz -6 > l1.tar.xz"
                + " && for i in $(seq 1 16); do cp l1.tar.xz l2/part$i.tar.xz; done && tar -cf - -C l2 . | xz -6 > bomb.tar.xz");
        Path bomb = tmp.resolve("bomb.tar.xz");
        long size = Files.size(bomb);
        assertThat(size).as("xz stored the copies once").isLessThan(150_000);
        UnpackLimits limits = new UnpackLimits(16L << 30, 1_000_000, 50, 8, 600, 1L << 20);
        try (UnpackFixture f = new UnpackFixture(bomb, work, limits)) {
            assertThat(f.result.errors()).extracting(ScanError::message).isNotEmpty()
                    .allMatch(m -> m.equals("archive (the target) expands beyond 1:50 of its " + size
                            + " bytes across its members and the archives in it"));
            // 16 parts x 16 leaves x 64 KiB = 16 MiB without the budget; stopped near 50 x the target's size
            assertThat(f.sandbox.bytesWritten()).isLessThan(size * 50 + 2 * (16 * 64 * 1024));
        }
        // the same archive under the default budget (1:200 beyond 256 MiB) is whole: no false positive
        try (UnpackFixture f = new UnpackFixture(bomb, work)) {
            assertThat(f.result.errors()).isEmpty();
            assertThat(f.result.artifacts()).filteredOn(a -> a.innerPath().endsWith(".bin")).hasSize(256);
        }
    }

    /**
     * An 8 MiB ext4 image holding a 1.7 GB sparse file (mkfs.ext4 -d keeps the holes): debugfs would write the
     * holes out as zeros, so the file is dropped with an error entry beyond 1:max-ratio, and the image's other
     * files are still extracted — the image is not refused as a whole.
     */
    @Test
    void build_ext4WithAGiantSparseFile_fileDroppedRestExtracted() throws Exception {
        dev.medsec.testkit.Tools.require("mkfs.ext4");
        dev.medsec.testkit.Tools.require("debugfs");
        Path tree = Files.createDirectories(tmp.resolve("sparse/etc"));
        Files.writeString(tree.resolve("hostname"), "device\n");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(tmp.resolve("sparse/disk.img").toFile(), "rw")) {
            f.setLength(1700L << 20);
        }
        dev.medsec.testkit.Tools.sh(tmp, "mkfs.ext4 -q -d sparse sparse.ext4 8M");
        try (UnpackFixture f = new UnpackFixture(tmp.resolve("sparse.ext4"), work)) {
            assertThat(f.result.errors()).extracting(e -> e.path() + ": " + e.message()).containsExactly(
                    "/disk.img: member dropped: it declares " + (1700L << 20) + " bytes in a " + (8L << 20)
                            + "-byte ext image (a sparse file, whose holes would be written out as zeros), beyond 1:200");
            assertThat(f.text("/etc/hostname")).isEqualTo("device\n");
            assertThat(f.get("/disk.img")).isEmpty();
            assertThat(f.sandbox.bytesWritten()).isLessThan(1 << 20);
        }
    }
}
