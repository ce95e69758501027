package dev.medsec.checks.crypto;

import dev.medsec.testkit.DebianPackages;
import dev.medsec.core.policy.CryptoPolicy;
import dev.medsec.checks.input.SshWeakAuthentication;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** SSH and TLS configuration checks, on Debian's own shipped configurations and on hand-made variants. */
class ConfigChecksTest {
    @TempDir
    static Path pkgDir;
    static Path debian;
    @TempDir
    Path tmp;

    @BeforeAll
    static void download() {
        debian = DebianPackages.extract(pkgDir, "openssh-server", "openssl", "nginx-common");
    }

    @Test
    void policy_everyRowHasSourceAndKnownStatus() {
        assertThat(CryptoPolicy.standard().rules()).hasSizeGreaterThan(60)
                .allSatisfy(r -> assertThat(r.source()).isNotBlank());
        assertThat(CryptoPolicy.standard().rule(CryptoPolicy.Kind.SSH_CIPHER, "3des-cbc")).get()
                .extracting(CryptoPolicy.Rule::status).isEqualTo(CryptoPolicy.Status.DISALLOWED);
    }

    @Test
    void sshAlgorithms_debianDefault_clean() {
        CheckTester.of(new SshWeakAlgorithms(), tmp)
                .file("/etc/ssh/sshd_config", debian.resolve("usr/share/openssh/sshd_config")).run();
    }

    @Test
    void sshAlgorithms_weakListsViaInclude_reportedFromIncludedFile() {
        CheckTester.of(new SshWeakAlgorithms(), tmp)
                .file("/etc/ssh/sshd_config", debian.resolve("usr/share/openssh/sshd_config"))
                .text("/etc/ssh/sshd_config.d/legacy.conf", """
                        # legacy clients
                        Ciphers aes128-ctr,3des-cbc,aes256-cbc
                        MACs +hmac-md5
                        KexAlgorithms -diffie-hellman-group1-sha1
                        HostKeyAlgorithms ssh-ed25519,ssh-rsa
                        """)
                .expect("/etc/ssh/sshd_config.d/legacy.conf", f -> f.evidence().get("algorithm").equals("3des-cbc")
                        && f.evidence().get("line").equals(2) && f.severity() == dev.medsec.core.Severity.HIGH)
                .expect("/etc/ssh/sshd_config.d/legacy.conf", f -> f.evidence().get("algorithm").equals("aes256-cbc")
                        && f.severity() == dev.medsec.core.Severity.MEDIUM)
                .expect("/etc/ssh/sshd_config.d/legacy.conf", f -> f.evidence().get("algorithm").equals("hmac-md5"))
                .expect("/etc/ssh/sshd_config.d/legacy.conf", f -> f.evidence().get("algorithm").equals("ssh-rsa"))
                .run();
    }

    @Test
    void sshAlgorithms_laterDuplicateIgnored_firstValueWins() {
        CheckTester.of(new SshWeakAlgorithms(), tmp)
                .text("/etc/ssh/sshd_config", "Ciphers aes256-gcm@openssh.com\nCiphers 3des-cbc\n").run();
    }

    @Test
    void sshAuthentication_debianDefault_onlyDefaultPasswordLoginLow() {
        CheckTester.of(new SshWeakAuthentication(), tmp)
                .file("/etc/ssh/sshd_config", debian.resolve("usr/share/openssh/sshd_config"))
                .expect("/etc/ssh/sshd_config", f -> f.severity() == dev.medsec.core.Severity.LOW)
                .run();
    }

    @Test
    void sshAuthentication_rootAndEmptyPasswords_reported_hardenedClean() {
        CheckTester.of(new SshWeakAuthentication(), tmp)
                .text("/etc/ssh/sshd_config", """
                        PermitRootLogin yes
                        PermitEmptyPasswords yes
                        PasswordAuthentication yes
                        # PermitRootLogin no
                        """)
                .expect("/etc/ssh/sshd_config", f -> f.evidence().get("option").equals("permitrootlogin"))
                .expect("/etc/ssh/sshd_config", f -> f.severity() == dev.medsec.core.Severity.CRITICAL)
                .expect("/etc/ssh/sshd_config", f -> f.evidence().get("option").equals("passwordauthentication"))
                .run();
        CheckTester.of(new SshWeakAuthentication(), tmp)
                .text("/etc/ssh/sshd_config", "PermitRootLogin prohibit-password\nPasswordAuthentication no\n").run();
    }

    @Test
    void sshAuthentication_dropbearDefaults_reported_hardenedClean() {
        CheckTester.of(new SshWeakAuthentication(), tmp)
                .text("/etc/default/dropbear", "NO_START=0\nDROPBEAR_PORT=22\nDROPBEAR_EXTRA_ARGS=\"-p 2222\"\n")
                .expect("/etc/default/dropbear", f -> f.message().contains("root"))
                .expect("/etc/default/dropbear", f -> f.message().contains("password logins"))
                .run();
        CheckTester.of(new SshWeakAuthentication(), tmp)
                .text("/etc/default/dropbear", "DROPBEAR_EXTRA_ARGS=\"-w -s\"\n").run();
    }

    @Test
    void tls_debianNginxConf_tls10And11Reported() {
        CheckTester.of(new TlsWeakConfig(), tmp)
                .file("/etc/nginx/nginx.conf", debian.resolve("etc/nginx/nginx.conf"))
                .expect("/etc/nginx/nginx.conf", f -> f.evidence().get("weak").equals("TLSv1")
                        && f.evidence().get("line").equals(33))
                .expect("/etc/nginx/nginx.conf", f -> f.evidence().get("weak").equals("TLSv1.1"))
                .run();
    }

    @Test
    void tls_debianOpensslCnf_clean_weakVariantReported() {
        CheckTester.of(new TlsWeakConfig(), tmp)
                .file("/etc/ssl/openssl.cnf", debian.resolve("etc/ssl/openssl.cnf")).run();
        CheckTester.of(new TlsWeakConfig(), tmp)
                .text("/usr/lib/ssl/openssl.cnf", """
                        [system_default_sect]
                        MinProtocol = TLSv1
                        CipherString = DEFAULT:@SECLEVEL=0 # for the old monitor
                        """)
                .expect("/usr/lib/ssl/openssl.cnf", f -> f.evidence().get("weak").equals("TLSv1"))
                .expect("/usr/lib/ssl/openssl.cnf", f -> f.evidence().get("weak").equals("@SECLEVEL=0"))
                .run();
    }

    @Test
    void tls_mosquittoLighttpdStunnel_weakReported_commentsAndExclusionsClean() {
        CheckTester.of(new TlsWeakConfig(), tmp)
                .text("/etc/mosquitto/conf.d/tls.conf", "listener 8883\ntls_version tlsv1.1\n# tls_version tlsv1\n"
                        + "ciphers ECDHE-RSA-AES256-GCM-SHA384:!RC4\n")
                .text("/etc/lighttpd/conf-enabled/10-ssl.conf", "ssl.use-sslv3 = \"enable\"\n"
                        + "ssl.openssl.ssl-conf-cmd = (\"MinProtocol\" => \"TLSv1.2\", \"CipherString\" => \"HIGH:RC4-SHA\")\n")
                .text("/etc/stunnel/stunnel.conf", "; sslVersion = SSLv3\n[hl7]\nclient = yes\nsslVersion = TLSv1\n"
                        + "ciphers = DES-CBC3-SHA\n")
                .text("/etc/nginx/sites-enabled/default", "server { ssl_protocols TLSv1.2 TLSv1.3; "
                        + "ssl_ciphers HIGH:!aNULL:!MD5; }\n")
                .text("/etc/nginx/sites-enabled/legacy", "server { ssl_protocols TLSv1.2; ssl_ciphers 'HIGH:3DES'; }\n")
                .expect("/etc/nginx/sites-enabled/legacy", f -> f.evidence().get("weak").equals("3DES"))
                .expect("/etc/mosquitto/conf.d/tls.conf", f -> f.evidence().get("weak").equals("tlsv1.1"))
                .expect("/etc/lighttpd/conf-enabled/10-ssl.conf", f -> f.evidence().get("directive").equals("ssl.use-sslv3"))
                .expect("/etc/lighttpd/conf-enabled/10-ssl.conf", f -> f.evidence().get("weak").equals("RC4-SHA"))
                .expect("/etc/stunnel/stunnel.conf", f -> f.evidence().get("weak").equals("TLSv1"))
                .expect("/etc/stunnel/stunnel.conf", f -> f.evidence().get("weak").equals("DES-CBC3-SHA"))
                .run();
    }
}
