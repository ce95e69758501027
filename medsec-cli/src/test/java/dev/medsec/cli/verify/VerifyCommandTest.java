package dev.medsec.cli.verify;

import dev.medsec.cli.Medsec;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The verify command's exit codes and one-line reasons, on artifacts made by veritysetup and mkimage. */
class VerifyCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run medsec(String... args) {
        CommandLine cl = Medsec.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void verify_verityImage_exitCodesAndReason() throws Exception {
        Tools.require("veritysetup");
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        Files.write(dir.resolve("data.img"), data);
        String fmt = Tools.run(dir, "veritysetup", "format", "data.img", "hash.img");
        Matcher m = Pattern.compile("Root hash:\\s+([0-9a-f]+)").matcher(fmt);
        assertThat(m.find()).isTrue();
        String root = m.group(1);
        String d = dir.resolve("data.img").toString();
        String h = dir.resolve("hash.img").toString();
        Path json = dir.resolve("r.json");

        Run ok = medsec("verify", d, "--root-hash", root, "--hash-tree", h, "--json", json.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).startsWith("verified: dm-verity");
        assertThat(Files.readString(json)).contains("\"verified\" : true");

        data[4096 * 200 + 5] ^= 1;
        Files.write(dir.resolve("data.img"), data);
        Run bad = medsec("verify", d, "--root-hash", root, "--hash-tree", h, "--json", json.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.out().strip()).endsWith("data block 200: hash: block at byte offset 819200 does not match its hash in the tree");
        assertThat(bad.out().strip().lines()).hasSize(1);
        assertThat(Files.readString(json)).contains("\"link\" : \"data block 200\"");

        Run usage = medsec("verify", d, "--root-hash", root);
        assertThat(usage.exit()).isEqualTo(2);
    }

    @Test
    void verify_unreadableOrUnsupported_exits2() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThat(medsec("verify", dir.resolve("notes.txt").toString()).exit()).isEqualTo(2);
        assertThat(medsec("verify", dir.resolve("missing.bin").toString()).exit()).isEqualTo(2);
        Path fdtLike = dir.resolve("trunc.itb");
        Files.write(fdtLike, new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed, 0, 0, 0, 1});
        Run r = medsec("verify", fdtLike.toString(), "--trust", fdtLike.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("FDT: truncated header");
    }
}
