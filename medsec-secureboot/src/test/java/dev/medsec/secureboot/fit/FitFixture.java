package dev.medsec.secureboot.fit;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds FIT images and control DTBs with the real tools: openssl for keys, dtc, and mkimage to sign. */
final class FitFixture {
    private FitFixture() {
    }

    static void requireTools() {
        Tools.require("mkimage");
        Tools.require("dtc");
        Tools.require("openssl");
    }

    /** RSA key pair NAME.key / NAME.crt in {@code keydir}, as mkimage expects. */
    static void rsaKey(Path keydir, String name, int bits) {
        Tools.run(keydir, "openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits,
                "-out", name + ".key");
        Tools.run(keydir, "openssl", "req", "-batch", "-new", "-x509", "-key", name + ".key", "-out", name + ".crt",
                "-subj", "/CN=" + name, "-days", "3650");
    }

    /** EC key NAME.pem in {@code keydir} (mkimage's ECDSA signer reads NAME.pem). */
    static void ecKey(Path keydir, String name, String curve) {
        Tools.run(keydir, "openssl", "ecparam", "-name", curve, "-genkey", "-noout", "-out", name + ".pem");
    }

    /** An empty control DTB with a /signature node for mkimage -K to fill in. */
    static Path controlDtb(Path dir, String name) throws IOException {
        Path dts = dir.resolve(name + ".dts");
        Files.writeString(dts, "/dts-v1/;\n/ { model = \"medsec test board\"; signature { }; };\n");
        Tools.run(dir, "dtc", "-I", "dts", "-O", "dtb", "-o", name + ".dtb", name + ".dts");
        return dir.resolve(name + ".dtb");
    }

    /** What to sign and how. */
    record Spec(String algo, String keyName, String padding, boolean signConfig, boolean signImages,
                String hashAlgo) {
        static Spec config(String algo, String key) {
            return new Spec(algo, key, "", true, false, "sha256");
        }

        Spec withPadding(String p) {
            return new Spec(algo, keyName, p, signConfig, signImages, hashAlgo);
        }

        Spec withHash(String h) {
            return new Spec(algo, keyName, padding, signConfig, signImages, h);
        }

        Spec imagesOnly() {
            return new Spec(algo, keyName, padding, false, true, hashAlgo);
        }

        Spec unsigned() {
            return new Spec(algo, keyName, padding, false, false, hashAlgo);
        }
    }

    /** Two images (kernel, fdt) of random bytes and one configuration. */
    static String its(Spec s) {
        String sig = "signature-1 { algo = \"" + s.algo + "\"; key-name-hint = \"" + s.keyName + "\"; "
                + (s.padding.isEmpty() ? "" : "padding = \"" + s.padding + "\"; ");
        String imgSig = s.signImages ? sig + "};" : "";
        return "/dts-v1/;\n/ {\n description = \"medsec test\";\n #address-cells = <1>;\n images {\n"
                + "  kernel-1 { description = \"kernel\"; data = /incbin/(\"kernel.bin\"); type = \"kernel\";"
                + " arch = \"arm\"; os = \"linux\"; compression = \"none\"; load = <0x80000>; entry = <0x80000>;\n"
                + "   hash-1 { algo = \"" + s.hashAlgo + "\"; };\n   " + imgSig + "\n  };\n"
                + "  fdt-1 { description = \"dtb\"; data = /incbin/(\"board.bin\"); type = \"flat_dt\";"
                + " arch = \"arm\"; compression = \"none\";\n   hash-1 { algo = \"" + s.hashAlgo + "\"; };\n   "
                + imgSig + "\n  };\n };\n configurations {\n  default = \"conf-1\";\n"
                + "  conf-1 { description = \"boot\"; kernel = \"kernel-1\"; fdt = \"fdt-1\";\n   "
                + (s.signConfig ? sig + "sign-images = \"kernel\", \"fdt\"; };" : "") + "\n  };\n };\n};\n";
    }

    /** Writes payloads and the .its, runs mkimage; returns the .itb. */
    static Path build(Path dir, String name, Spec spec, Path keydir, Path dtb, String... extra) throws IOException {
        Path kernel = dir.resolve("kernel.bin");
        if (!Files.exists(kernel)) {
            java.util.Random r = new java.util.Random(8);
            byte[] k = new byte[6000];
            r.nextBytes(k);
            Files.write(kernel, k);
            byte[] b = new byte[700];
            r.nextBytes(b);
            Files.write(dir.resolve("board.bin"), b);
        }
        Files.writeString(dir.resolve(name + ".its"), its(spec));
        List<String> cmd = new ArrayList<>(List.of("mkimage", "-f", name + ".its"));
        if (spec.signConfig || spec.signImages) {
            cmd.addAll(List.of("-k", keydir.toString(), "-K", dtb.toString(), "-r"));
        }
        cmd.addAll(List.of(extra));
        cmd.add(name + ".itb");
        Tools.run(dir, cmd.toArray(String[]::new));
        return dir.resolve(name + ".itb");
    }
}
