package dev.medsec.secureboot.verity;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** dm-verity trees made by veritysetup (cryptsetup-bin) in the test. */
class VerityVerifierTest {
    private static final Pattern ROOT = Pattern.compile("Root hash:\\s+([0-9a-f]+)");

    @TempDir
    Path dir;

    @BeforeEach
    void tools() {
        Tools.require("veritysetup");
    }

    private Path data(String name, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        Path p = dir.resolve(name);
        Files.write(p, b);
        return p;
    }

    private static byte[] rootOf(String veritysetupOutput) {
        Matcher m = ROOT.matcher(veritysetupOutput);
        assertThat(m.find()).as("root hash in: %s", veritysetupOutput).isTrue();
        return HexFormat.of().parseHex(m.group(1));
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x10);
        }
    }

    private static VerityParams params(Path hashFile, long offset) throws IOException {
        return VerityParams.readSuperblock(ByteBuffer.wrap(Files.readAllBytes(hashFile)), offset);
    }

    @Test
    void verify_separateHashDevice_verifies() throws Exception {
        Path d = data("data.img", 4 << 20);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "data.img", "hash.img"));
        VerityParams p = params(dir.resolve("hash.img"), 0);
        assertThat(p.dataBlocks()).isEqualTo(1024);
        assertThat(p.algorithm()).isEqualTo("sha256");
        assertThat(VerityVerifier.verify(d, dir.resolve("hash.img"), p, root)).hasSize(2);
    }

    @Test
    void verify_oddBlockCountAndSha512AndSmallBlocks_verifies() throws Exception {
        Path d = data("odd.img", 3 * 1024 * 1024 + 5 * 4096);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "--hash=sha512", "--data-block-size=4096",
                "--hash-block-size=1024", "odd.img", "odd.hash"));
        VerityParams p = params(dir.resolve("odd.hash"), 0);
        assertThat(VerityVerifier.verify(d, dir.resolve("odd.hash"), p, root)).hasSize(2);
    }

    @Test
    void verify_oneFlippedDataByte_reportsFirstBadBlock() throws Exception {
        Path d = data("data.img", 4 << 20);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "data.img", "hash.img"));
        flip(d, 777L * 4096 + 123);
        flip(d, 900L * 4096);
        assertThatThrownBy(() -> VerityVerifier.verify(d, dir.resolve("hash.img"), params(dir.resolve("hash.img"), 0), root))
                .isInstanceOf(ChainVerificationException.class)
                .hasMessageStartingWith("data block 777: hash");
    }

    @Test
    void verify_flipsAcrossDataAndTree_allFail() throws Exception {
        Path d = data("data.img", 1 << 20);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "data.img", "hash.img"));
        Path hash = dir.resolve("hash.img");
        VerityParams p = params(hash, 0);
        long hashSize = Files.size(hash);
        // A representative sample: 64 offsets over every data block and every byte range of every hash block
        // (entries and zero padding), plus the salt in the superblock.
        Random r = new Random(42);
        int checked = 0;
        for (int i = 0; i < 64; i++) {
            long off = (long) i * 4096 * 4 + r.nextInt(4096);
            flip(d, off);
            assertThatThrownBy(() -> VerityVerifier.verify(d, hash, p, root)).isInstanceOf(ChainVerificationException.class);
            flip(d, off);
            checked++;
        }
        for (long off = p.treeOffset(); off < hashSize; off += 97) {
            flip(hash, off);
            assertThatThrownBy(() -> VerityVerifier.verify(d, hash, params(hash, 0), root))
                    .as("flip at hash offset %d", off).isInstanceOf(ChainVerificationException.class);
            flip(hash, off);
            checked++;
        }
        flip(hash, 88 + 5);
        assertThatThrownBy(() -> VerityVerifier.verify(d, hash, params(hash, 0), root))
                .isInstanceOf(ChainVerificationException.class).hasMessageContaining("root hash");
        flip(hash, 88 + 5);
        assertThat(VerityVerifier.verify(d, hash, p, root)).hasSize(2);
        assertThat(checked).isGreaterThan(150);
    }

    @Test
    void verify_flippedHashByte_namesTheHashBlock() throws Exception {
        Path d = data("data.img", 4 << 20);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "data.img", "hash.img"));
        Path hash = dir.resolve("hash.img");
        VerityParams p = params(hash, 0);
        flip(hash, p.treeOffset() + 4096 * 3 + 64); // level 0 (stored after the single top block), its third block
        assertThatThrownBy(() -> VerityVerifier.verify(d, hash, p, root)).isInstanceOf(ChainVerificationException.class)
                .hasMessageStartingWith("hash block 2 of level 0: hash");
    }

    @Test
    void verify_combinedDataAndHashImage_verifiesAndDetectsTampering() throws Exception {
        Path img = data("combined.img", 2 << 20);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "--hash-offset=" + (2 << 20),
                "--data-blocks=512", "combined.img", "combined.img"));
        VerityParams p = params(img, 2 << 20);
        assertThat(VerityVerifier.verify(img, img, p, root)).hasSize(2);
        flip(img, 100);
        assertThatThrownBy(() -> VerityVerifier.verify(img, img, p, root)).isInstanceOf(ChainVerificationException.class)
                .hasMessageStartingWith("data block 0: hash");
    }

    @Test
    void verify_wrongRootHash_fails() throws Exception {
        Path d = data("data.img", 1 << 20);
        byte[] root = rootOf(Tools.run(dir, "veritysetup", "format", "data.img", "hash.img"));
        root[0] ^= 1;
        assertThatThrownBy(() -> VerityVerifier.verify(d, dir.resolve("hash.img"), params(dir.resolve("hash.img"), 0), root))
                .isInstanceOf(ChainVerificationException.class).hasMessage("hash tree: root hash: the top hash block does"
                        + " not match the expected root hash (hash area changed, or a different root hash)");
    }

    @Test
    void readSuperblock_truncatedOrHostile_throwsMalformed() throws Exception {
        data("data.img", 1 << 20);
        Tools.run(dir, "veritysetup", "format", "data.img", "hash.img");
        byte[] sb = Files.readAllBytes(dir.resolve("hash.img"));
        assertThatThrownBy(() -> VerityParams.readSuperblock(ByteBuffer.wrap(sb, 0, 100).slice(), 0))
                .isInstanceOf(MalformedFormatException.class);
        byte[] bad = sb.clone();
        bad[68] = 3; // hash block size 0x1003: not a power of two
        assertThatThrownBy(() -> VerityParams.readSuperblock(ByteBuffer.wrap(bad), 0))
                .isInstanceOf(MalformedFormatException.class).hasMessageContaining("hash block size");
        byte[] huge = sb.clone();
        huge[79] = 0x7f; // data blocks beyond any device
        assertThatThrownBy(() -> VerityParams.readSuperblock(ByteBuffer.wrap(huge), 0))
                .isInstanceOf(MalformedFormatException.class);
    }
}
