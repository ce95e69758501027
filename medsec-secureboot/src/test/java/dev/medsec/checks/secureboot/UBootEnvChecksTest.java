package dev.medsec.checks.secureboot;

import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/** U-Boot environment checks on binary environments made by mkenvimage (u-boot-tools) and on text ones. */
class UBootEnvChecksTest {
    @TempDir
    Path dir;

    private Path mkenvimage(String name, String text, String... opts) throws Exception {
        Tools.require("mkenvimage");
        Files.writeString(dir.resolve(name + ".txt"), text);
        String[] cmd = new String[opts.length + 6];
        cmd[0] = "mkenvimage";
        System.arraycopy(opts, 0, cmd, 1, opts.length);
        cmd[opts.length + 1] = "-s";
        cmd[opts.length + 2] = "0x4000";
        cmd[opts.length + 3] = "-o";
        cmd[opts.length + 4] = name;
        cmd[opts.length + 5] = name + ".txt";
        Tools.run(dir, cmd);
        return dir.resolve(name);
    }

    private static final String INSECURE = "bootcmd=bootm 0x82000000\nbootdelay=3\nverify=no\nbaudrate=115200\n";
    private static final String SECURE = "bootcmd=bootm 0x82000000\nbootdelay=-2\nbaudrate=115200\n";

    @Test
    void verifyDisabled_binaryRedundantAndText_reported_secureNot() throws Exception {
        Path bin = mkenvimage("uboot.env", INSECURE);
        Path red = mkenvimage("uboot-redund.env", INSECURE, "-r");
        Path ok = mkenvimage("u-boot.env", SECURE);
        CheckTester.of(new UBootEnvVerifyDisabled(), dir)
                .file("/boot/uboot.env", bin).file("/boot/uboot-redund.env", red).file("/boot/u-boot.env", ok)
                .text("/boot/uEnv.txt", INSECURE).text("/etc/secure/uEnv.txt", SECURE)
                .text("/usr/share/doc/notes.env", "this is not an environment\nat all\n")
                .expect("/boot/uboot.env", f -> f.evidence().get("format").equals("BINARY"))
                .expect("/boot/uboot-redund.env", f -> f.evidence().get("format").equals("BINARY_REDUNDANT"))
                .expect("/boot/uEnv.txt", f -> f.evidence().get("format").equals("TEXT"))
                .run();
    }

    @Test
    void openConsole_interruptibleWithoutKey_reported_keyedOrNoDelayNot() throws Exception {
        Path bin = mkenvimage("uboot.env", INSECURE);
        Path keyed = mkenvimage("keyed.env", "bootdelay=3\nbootstopkeysha256=0123456789abcdef\n");
        Path stopped = mkenvimage("stopped.env", "bootdelay=-1\n");
        Path ok = mkenvimage("u-boot.env", SECURE);
        CheckTester.of(new UBootEnvOpenConsole(), dir)
                .file("/boot/uboot.env", bin).file("/boot/keyed.env", keyed).file("/boot/stopped.env", stopped)
                .file("/boot/u-boot.env", ok)
                .expect("/boot/uboot.env", f -> f.evidence().get("variable").equals("bootdelay=3"))
                .expect("/boot/stopped.env", f -> f.evidence().get("variable").equals("bootdelay=-1"))
                .run();
    }

    @Test
    void verifyDisabled_corruptBinaryEnv_isNotMistakenForOne() throws Exception {
        byte[] b = Files.readAllBytes(mkenvimage("uboot.env", INSECURE));
        b[10] ^= 1; // CRC no longer matches: it is neither a binary nor a text environment
        CheckTester.of(new UBootEnvVerifyDisabled(), dir).file("/boot/uboot.env", b).run();
    }
}
