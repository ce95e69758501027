package dev.medsec.checks.crypto;

import dev.medsec.testkit.DebianPackages;
import dev.medsec.core.Severity;
import dev.medsec.core.content.MultiPatternMatcher;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Home-made crypto: own C implementations built with gcc and cross compilers must be found; a CRC table,
 * proper EVP use, OpenSSL linked statically and Debian's real crypto libraries must not be reported as such.
 */
class HomemadeCryptoTest {
    @TempDir
    static Path debs;
    static Path debian;
    @TempDir
    Path tmp;

    @BeforeAll
    static void downloadVettedLibraries() {
        debian = DebianPackages.extract(debs, "libssl3", "libmbedcrypto7", "libwolfssl35", "libgcrypt20",
                "libnettle8", "openssh-client");
    }

    private Path source(String name) throws IOException {
        Path p = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("c/" + name)) {
            Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    private Path build(String compiler, String source, String out, String... flags) throws IOException {
        Tools.require(compiler);
        source(source);
        String[] cmd = new String[4 + flags.length];
        cmd[0] = compiler;
        System.arraycopy(flags, 0, cmd, 1, flags.length);
        cmd[1 + flags.length] = "-o";
        cmd[2 + flags.length] = out;
        cmd[3 + flags.length] = source;
        Tools.run(tmp, cmd);
        return tmp.resolve(out);
    }

    @Test
    void patterns_fitTheSharedAutomaton() {
        var patterns = new HomemadeCrypto().patterns();
        assertThat(patterns).allSatisfy(p -> assertThat(p.bytes().length).isBetween(4, 64));
        assertThat(new MultiPatternMatcher(patterns).stateCount()).isLessThan(10_000);
    }

    @Test
    void inspect_ownAesOnX86AndAarch64_reportedWithTableAndSymbol() throws IOException {
        Path x86 = build("gcc", "homemade_aes.c", "aes-x86", "-O2");
        Path a64 = build("aarch64-linux-gnu-gcc", "homemade_aes.c", "aes-a64", "-O2");
        CheckTester.of(new HomemadeCrypto(), tmp)
                .file("/usr/bin/aes-x86", x86).file("/usr/bin/aes-a64", a64)
                .expect("/usr/bin/aes-x86", f -> f.evidence().get("primitive").equals("AES")
                        && f.severity() == Severity.HIGH
                        && f.evidence().get("tables").toString().contains("AES S-box (bytes)")
                        && f.evidence().get("tables").toString().contains("[.rodata, symbol sbox]"))
                .expect("/usr/bin/aes-a64", f -> f.evidence().get("primitive").equals("AES"))
                .run();
    }

    @Test
    void inspect_xteaOnX86AndArmLiteralPool_reported() throws IOException {
        Path x86 = build("gcc", "xtea.c", "xtea-x86", "-O2");
        Path arm = build("arm-linux-gnueabihf-gcc", "xtea.c", "xtea-arm", "-Os", "-marm");
        CheckTester.of(new HomemadeCrypto(), tmp)
                .file("/usr/bin/xtea-x86", x86).file("/usr/bin/xtea-arm", arm)
                .expect("/usr/bin/xtea-x86", f -> f.evidence().get("primitive").equals("TEA/XTEA"))
                .expect("/usr/bin/xtea-arm", f -> f.evidence().get("primitive").equals("TEA/XTEA"))
                .run();
    }

    /** The cross compilers of the tests and the strip that goes with each. */
    private static final String[][] COMPILERS = {{"gcc", "strip"}, {"aarch64-linux-gnu-gcc", "aarch64-linux-gnu-strip"},
            {"arm-linux-gnueabihf-gcc", "arm-linux-gnueabihf-strip"}, {"mips-linux-gnu-gcc", "mips-linux-gnu-strip"}};

    @Test
    void inspect_teaEncipherOnlyAndXxtea_everyArchitecture_reportedWithTheirShape() throws IOException {
        // No decipher start value here: the delta must be found as each compiler loads it (imm32, MOVZ/MOVK,
        // Thumb-2 MOVW/MOVT, LUI/ADDIU, an SSE constant in .rodata) and the rounds by their shifts.
        CheckTester t = CheckTester.of(new HomemadeCrypto(), tmp);
        for (String[] cc : COMPILERS) {
            String arch = cc[0].replace("-gcc", "").replace("gcc", "x86_64");
            for (String opt : new String[] {"-O2", "-Os"}) {
                Path tea = build(cc[0], "tea_encrypt.c", "tea-" + arch + opt, opt);
                Path xxtea = build(cc[0], "xxtea.c", "xxtea-" + arch + opt, opt);
                t.file("/opt/pump/bin/tea-" + arch + opt, tea).file("/opt/pump/bin/xxtea-" + arch + opt, xxtea)
                        .expect("/opt/pump/bin/tea-" + arch + opt, f -> f.evidence().get("primitive").equals("TEA/XTEA")
                                && f.severity() == Severity.HIGH, "TEA on " + arch + opt)
                        .expect("/opt/pump/bin/xxtea-" + arch + opt, f -> f.evidence().get("primitive").equals("TEA/XTEA"),
                                "XXTEA on " + arch + opt);
            }
            Path stripped = build(cc[0], "tea_encrypt.c", "tea-" + arch + "-stripped", "-O2");
            Tools.run(tmp, cc[1], stripped.toString());
            t.file("/opt/pump/bin/tea-" + arch + "-stripped", stripped)
                    .expect("/opt/pump/bin/tea-" + arch + "-stripped", f -> f.evidence().get("primitive").equals("TEA/XTEA"),
                            "stripped TEA on " + arch);
        }
        t.run();
    }

    @Test
    void inspect_xxteaOnAarch64_namedAsXxteaWithFunction() throws IOException {
        Path bin = build("aarch64-linux-gnu-gcc", "xxtea.c", "xxtea-a64", "-O2");
        CheckTester.of(new HomemadeCrypto(), tmp).file("/opt/pump/bin/xxtea", bin)
                .expect("/opt/pump/bin/xxtea", f -> f.evidence().get("tables").toString()
                        .contains("XXTEA delta 0x9E3779B9 (MOVZ/MOVK pair) with round shifts <<2 <<4 >>3 >>5 in btea_encrypt"))
                .run();
    }

    @Test
    void inspect_goldenRatioHashingAndPrng_everyArchitecture_clean() throws IOException {
        // hash_combine, hash_32, Fibonacci hashing, splitmix64 and a Weyl sequence all use 0x9E3779B9 or its
        // negation, in additions and multiplications, but never with a TEA round's shifts.
        CheckTester t = CheckTester.of(new HomemadeCrypto(), tmp);
        for (String[] cc : COMPILERS) {
            String arch = cc[0].replace("-gcc", "").replace("gcc", "x86_64");
            for (String opt : new String[] {"-O0", "-O2", "-Os"}) {
                t.file("/opt/pump/bin/hash-" + arch + opt, build(cc[0], "golden_hash.c", "hash-" + arch + opt, opt));
            }
        }
        t.file("/opt/pump/bin/hash-a32", build("arm-linux-gnueabihf-gcc", "golden_hash.c", "hash-a32", "-O2", "-marm"));
        t.run();
    }

    @Test
    void inspect_crcTableDecoyAndEvpGcm_clean() throws IOException {
        Path crc = build("gcc", "crc32_table.c", "crc", "-O2");
        Path gcm = CBuild.exe(tmp, "gcc", "gcm", CSources.EVP_AES_GCM, "-lcrypto");
        CheckTester.of(new HomemadeCrypto(), tmp).file("/usr/bin/crc", crc).file("/usr/bin/gcm", gcm).run();
    }

    @Test
    void inspect_opensslLinkedStatically_infoNotHomemade_evenStripped() {
        Path gcm = CBuild.exe(tmp, "gcc", "gcm-static", CSources.EVP_AES_GCM, "-static", "-lcrypto", "-lpthread");
        Path stripped = tmp.resolve("gcm-stripped");
        Tools.run(tmp, "cp", gcm.toString(), stripped.toString());
        Tools.run(tmp, "strip", stripped.toString());
        CheckTester.of(new HomemadeCrypto(), tmp)
                .file("/usr/bin/gcm-static", gcm).file("/usr/bin/gcm-stripped", stripped)
                .expect("/usr/bin/gcm-static", f -> f.severity() == Severity.INFO
                        && f.evidence().get("libraries").equals(List.of("OpenSSL libcrypto")))
                .expect("/usr/bin/gcm-stripped", f -> f.severity() == Severity.INFO)
                .run();
    }

    @Test
    void inspect_debianCryptoLibraries_clean() throws IOException {
        CheckTester t = CheckTester.of(new HomemadeCrypto(), tmp);
        List<Path> libs;
        try (var s = Files.walk(debian)) {
            libs = s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && p.getFileName().toString().contains(".so")).toList();
        }
        assertThat(libs.stream().map(p -> p.getFileName().toString()))
                .contains("libcrypto.so.3", "legacy.so", "libwolfssl.so.35.3.0", "libmbedcrypto.so.2.28.3");
        for (Path lib : libs) {
            t.file("/" + debian.relativize(lib), lib);
        }
        t.run();
    }

    @Test
    void weakPrimitives_opensslOwnModulesAndLibssl_clean_realSshReported() {
        Path lib = debian.resolve("usr/lib/x86_64-linux-gnu");
        CheckTester.of(new ElfWeakPrimitives(), tmp)
                .file("/usr/lib/ossl-modules/legacy.so", lib.resolve("ossl-modules/legacy.so"))
                .file("/usr/lib/libssl.so.3", lib.resolve("libssl.so.3"))
                .file("/usr/lib/libcrypto.so.3", lib.resolve("libcrypto.so.3"))
                .file("/usr/bin/ssh", debian.resolve("usr/bin/ssh"))
                .expect("/usr/bin/ssh", f -> f.evidence().get("symbols").equals(List.of("EVP_des_ede3_cbc")))
                .expect("/usr/bin/ssh", f -> f.evidence().get("family").equals("MD5"))
                .expect("/usr/bin/ssh", f -> f.evidence().get("family").equals("SHA-1"))
                .run();
    }

    @Test
    void inspect_opensshBundledBlowfish_infoNotHomemade() {
        Path ssh = debian.resolve("usr/bin/ssh");
        CheckTester.of(new HomemadeCrypto(), tmp).file("/usr/bin/ssh", ssh)
                .expect("/usr/bin/ssh", f -> f.severity() == Severity.INFO
                        && f.evidence().get("primitives").equals(List.of("Blowfish")))
                .run();
    }

    @Test
    void inspect_tableCutOffAtEndOfFile_noFindingNoCrash() throws IOException {
        Path x86 = build("gcc", "homemade_aes.c", "aes-x86", "-O2");
        byte[] all = Files.readAllBytes(x86);
        byte[] sbox = Arrays.copyOf(new byte[0], 0);
        // A blob that ends 100 bytes into the S-box: anchors hit, the full table cannot be confirmed.
        int at = indexOf(all, new byte[] {0x63, 0x7c, 0x77, 0x7b, (byte) 0xf2, 0x6b, 0x6f, (byte) 0xc5});
        assertThat(at).isPositive();
        CheckTester.of(new HomemadeCrypto(), tmp)
                .file("/firmware/blob.bin", Arrays.copyOfRange(all, at - 16, at + 100 + sbox.length)).run();
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
