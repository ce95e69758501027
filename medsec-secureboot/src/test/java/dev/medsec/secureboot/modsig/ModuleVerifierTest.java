package dev.medsec.secureboot.modsig;

import dev.medsec.formats.MalformedFormatException;
import dev.medsec.secureboot.verify.TrustAnchors;
import dev.medsec.secureboot.verify.ChainVerificationException;
import dev.medsec.secureboot.verify.VerifiedLink;
import dev.medsec.testkit.Tools;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Module signatures made by the kernel's own sign-file (Debian linux-kbuild) in the test. */
public class ModuleVerifierTest {
    @TempDir
    static Path dir;
    static String signFile;
    static byte[] unsigned;

    @BeforeAll
    static void setUp() throws IOException {
        Tools.require("gcc");
        Tools.require("openssl");
        signFile = locateSignFile();
        Files.writeString(dir.resolve("hello.c"), "int init_module(void) { return 0; }\n"
                + "void cleanup_module(void) { }\nconst char license[] __attribute__((section(\".modinfo\"))) = \"license=GPL\";\n");
        Tools.run(dir, "gcc", "-c", "-O2", "-o", "hello.ko", "hello.c");
        unsigned = Files.readAllBytes(dir.resolve("hello.ko"));
        for (String ca : List.of("vendor", "other")) {
            Tools.run(dir, "openssl", "req", "-batch", "-new", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650",
                    "-subj", "/CN=" + ca + " module signing key", "-keyout", ca + ".key", "-out", ca + ".crt",
                    "-addext", "extendedKeyUsage=codeSigning");
        }
    }

    public static String locateSignFile() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/usr/lib"))) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith("linux-kbuild-"))
                    .map(p -> p.resolve("scripts/sign-file")).filter(Files::isExecutable).toList();
            if (found.isEmpty()) {
                Tools.require("sign-file");
                return "sign-file";
            }
            return found.get(0).toString();
        }
    }

    private static Path signed(String name, String hash, String ca) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, unsigned);
        Tools.run(dir, signFile, hash, ca + ".key", ca + ".crt", p.toString());
        return p;
    }

    private static List<X509CertificateHolder> anchor(String ca) throws IOException {
        return TrustAnchors.parse(Files.readAllBytes(dir.resolve(ca + ".crt"))).certificates();
    }

    private static VerifiedLink verify(byte[] module, String ca) throws Exception {
        return ModuleVerifier.verify(ByteBuffer.wrap(module), anchor(ca));
    }

    @Test
    void verify_signedBySignFile_verifies() throws Exception {
        Path p = signed("a.ko", "sha256", "vendor");
        VerifiedLink l = verify(Files.readAllBytes(p), "vendor");
        assertThat(l.key()).contains("vendor module signing key");
        assertThat(l.protectedBy()).contains("SHA256");
    }

    @Test
    void verify_unsignedModule_failsWithReason() {
        assertThatThrownBy(() -> verify(unsigned, "vendor")).isInstanceOf(ChainVerificationException.class)
                .hasMessage("module: signature: not signed (no '~Module signature appended~' trailer)");
    }

    @Test
    void verify_signedByAnotherKey_fails() throws Exception {
        Path p = signed("b.ko", "sha256", "other");
        assertThatThrownBy(() -> verify(Files.readAllBytes(p), "vendor")).isInstanceOf(ChainVerificationException.class)
                .hasMessageContaining("module: signer");
    }

    @Test
    void verify_sha1Signature_failsAsWeak() throws Exception {
        Path p = signed("c.ko", "sha1", "vendor");
        assertThatThrownBy(() -> verify(Files.readAllBytes(p), "vendor")).isInstanceOf(ChainVerificationException.class)
                .hasMessageContaining("digest algorithm");
    }

    @Test
    void verify_xzAndZstdCompressed_verify() throws Exception {
        Tools.require("xz");
        Tools.require("zstd");
        Path p = signed("d.ko", "sha512", "vendor");
        Tools.run(dir, "xz", "-k", "--check=crc32", p.toString());
        Tools.run(dir, "zstd", "-q", "-k", p.toString());
        assertThat(verify(Files.readAllBytes(dir.resolve("d.ko.xz")), "vendor").link()).isEqualTo("module");
        assertThat(verify(Files.readAllBytes(dir.resolve("d.ko.zst")), "vendor").link()).isEqualTo("module");
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("d.ko.xz")), 100);
        assertThatThrownBy(() -> verify(truncated, "vendor")).isInstanceOf(MalformedFormatException.class);
    }

    @Test
    void verify_everySingleByteFlip_fails() throws Exception {
        byte[] good = Files.readAllBytes(signed("e.ko", "sha256", "vendor"));
        verify(good, "vendor");
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < good.length; i++) {
            byte[] m = good.clone();
            m[i] ^= (byte) (1 << (i % 8));
            try {
                verify(m, "vendor");
                accepted.add(i);
            } catch (ChainVerificationException | MalformedFormatException expected) {
                // every mutation of the module, its signature or its trailer must be rejected
            }
        }
        assertThat(accepted).as("flips accepted out of %d", good.length).isEmpty();
    }
}
