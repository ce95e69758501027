package dev.medsec.checks.sensitive;

import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordChecksTest {
    @TempDir
    Path tmp;

    static String yescrypt;
    static String sha512;
    static String md5;
    static String des;
    static String bcrypt;

    @BeforeAll
    static void hashes(@TempDir Path dir) {
        Tools.require("mkpasswd");
        Tools.require("openssl");
        yescrypt = Tools.run(dir, "mkpasswd", "-m", "yescrypt", "Correct-Horse-7").strip();
        bcrypt = Tools.run(dir, "mkpasswd", "-m", "bcrypt", "Correct-Horse-7").strip();
        sha512 = Tools.run(dir, "openssl", "passwd", "-6", "Correct-Horse-7").strip();
        md5 = Tools.run(dir, "openssl", "passwd", "-1", "root").strip();
        des = Tools.run(dir, "mkpasswd", "-m", "descrypt", "root").strip();
    }

    private static final String PASSWD = """
            root:x:0:0:root:/root:/bin/sh
            daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
            service:x:1000:1000::/home/service:/bin/sh
            tech:x:1001:1001::/home/tech:/bin/bash
            admin:x:0:0::/root:/bin/sh
            guest:x:1002:1002::/home/guest:/bin/sh
            sync:x:4:65534:sync:/bin:/bin/sync
            """;

    private String shadow() {
        return "root:" + md5 + ":19000:0:99999:7:::\n"
                + "daemon:*:19000:0:99999:7:::\n"
                + "service:" + des + ":19000:0:99999:7:::\n"
                + "tech:" + yescrypt + ":19000:0:99999:7:::\n"
                + "admin:" + sha512 + ":19000:0:99999:7:::\n"
                + "guest::19000:0:99999:7:::\n"
                + "sync::19000:0:99999:7:::\n";
    }

    private String strongShadow() {
        return "root:" + yescrypt + ":19000:0:99999:7:::\n"
                + "daemon:*:19000:0:99999:7:::\n"
                + "service:!" + md5 + ":19000:0:99999:7:::\n"
                + "tech:" + bcrypt + ":19000:0:99999:7:::\n"
                + "admin:" + sha512 + ":19000:0:99999:7:::\n"
                + "guest:!:19000:0:99999:7:::\n"
                + "sync:*:19000:0:99999:7:::\n";
    }

    private static final String SINGLE_ROOT_PASSWD = PASSWD.replace("admin:x:0:0", "admin:x:1003:1003");

    @Test
    void emptyPassword_loginAccountCriticalNoLoginMedium() {
        CheckTester.of(new EmptyPasswordCheck(), tmp)
                .text("/etc/passwd", PASSWD).text("/etc/shadow", shadow())
                .expect("/etc/shadow", f -> f.evidence().get("account").equals("guest") && f.severity() == Severity.CRITICAL)
                .expect("/etc/shadow", f -> f.evidence().get("account").equals("sync") && f.severity() == Severity.MEDIUM)
                .run();
    }

    @Test
    void emptyPassword_busyboxPasswdWithoutShadow_critical() {
        CheckTester.of(new EmptyPasswordCheck(), tmp)
                .text("/etc/passwd", "root::0:0:root:/root:/bin/sh\ndaemon:*:1:1:daemon:/usr/sbin:/bin/false\n")
                .expect("/etc/passwd", f -> f.evidence().get("account").equals("root") && f.severity() == Severity.CRITICAL)
                .run();
    }

    @Test
    void weakHash_desAndMd5Reported_neverPrinted() {
        CheckTester.Result r = CheckTester.of(new WeakPasswordHashCheck(), tmp)
                .text("/etc/passwd", PASSWD).text("/etc/shadow", shadow())
                .expect("/etc/shadow", f -> f.evidence().get("account").equals("root") && f.evidence().get("scheme").equals("MD5-crypt"))
                .expect("/etc/shadow", f -> f.evidence().get("account").equals("service") && f.evidence().get("scheme").equals("DES crypt"))
                .run();
        for (Finding f : r.findings()) {
            assertThat(f.toString()).doesNotContain(md5).doesNotContain(des).doesNotContain(md5.substring(3, 11));
        }
    }

    @Test
    void allChecks_strongHashesAndLockedAccounts_noFinding() {
        for (var check : new dev.medsec.core.check.ImageCheck[] {new EmptyPasswordCheck(), new WeakPasswordHashCheck(),
                new PasswordHashInPasswdCheck(), new MultipleRootAccountsCheck()}) {
            CheckTester.of(check, tmp).text("/etc/passwd", SINGLE_ROOT_PASSWD).text("/etc/shadow", strongShadow()).run();
        }
    }

    @Test
    void hashInPasswd_reportedWithScheme() {
        CheckTester.of(new PasswordHashInPasswdCheck(), tmp)
                .text("/etc/passwd", "root:" + sha512 + ":0:0:root:/root:/bin/sh\nbin:x:2:2::/bin:/bin/false\n")
                .expect("/etc/passwd", f -> f.evidence().get("scheme").equals("SHA-512-crypt"))
                .run();
    }

    @Test
    void multipleRoot_secondUidZero_reported() {
        CheckTester.of(new MultipleRootAccountsCheck(), tmp)
                .text("/etc/passwd", PASSWD).text("/etc/shadow", shadow())
                .expect("/etc/passwd", f -> f.evidence().get("extra").toString().equals("[admin]"))
                .run();
    }

    @Test
    void hashScheme_realToolOutputs_classified() {
        assertThat(HashScheme.of(yescrypt)).isEqualTo(HashScheme.YESCRYPT);
        assertThat(HashScheme.of(bcrypt)).isEqualTo(HashScheme.BCRYPT);
        assertThat(HashScheme.of(sha512)).isEqualTo(HashScheme.SHA512);
        assertThat(HashScheme.of(md5)).isEqualTo(HashScheme.MD5);
        assertThat(HashScheme.of(des)).isEqualTo(HashScheme.DES);
        assertThat(HashScheme.of("!" + md5)).isEqualTo(HashScheme.LOCKED);
    }
}
