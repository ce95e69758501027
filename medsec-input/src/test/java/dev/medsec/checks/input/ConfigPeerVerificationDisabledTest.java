package dev.medsec.checks.input;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class ConfigPeerVerificationDisabledTest {
    @TempDir
    Path tmp;

    @Test
    void inspect_unverifiedClientsAndInsecureRcFiles_reported() {
        CheckTester.of(new ConfigPeerVerificationDisabled(), tmp)
                .text("/etc/stunnel/hl7.conf", """
                        ; verifyChain = yes
                        [hl7-out]
                        client = yes
                        accept = 127.0.0.1:2575
                        connect = his.hospital.example:2576

                        [pacs-out]
                        client = yes
                        connect = pacs.hospital.example:11112
                        verifyChain = yes
                        CAfile = /etc/stunnel/hospital-ca.pem

                        [in]
                        accept = 5000
                        connect = 127.0.0.1:5001
                        """)
                .text("/etc/mosquitto/conf.d/bridge.conf", "connection cloud\nbridge_insecure true\n# bridge_insecure true\n")
                .text("/etc/wgetrc", "# check_certificate = off\ncheck_certificate = off\n")
                .text("/root/.curlrc", "silent\ninsecure\n")
                .expect("/etc/stunnel/hl7.conf", f -> f.evidence().get("service").equals("hl7-out")
                        && f.evidence().get("line").equals(2))
                .expect("/etc/mosquitto/conf.d/bridge.conf", f -> f.evidence().get("line").equals(2))
                .expect("/etc/wgetrc", f -> f.evidence().get("line").equals(2))
                .expect("/root/.curlrc", f -> f.evidence().get("line").equals(2))
                .run();
    }

    @Test
    void inspect_globalVerifyAndSecureRcFiles_clean() {
        CheckTester.of(new ConfigPeerVerificationDisabled(), tmp)
                .text("/etc/stunnel/stunnel.conf", "verifyChain = yes\nCAfile = /etc/ssl/ca.pem\n[out]\nclient = yes\n"
                        + "connect = x.example:443\n[old]\nclient = yes\nverify = 2\n")
                .text("/etc/mosquitto/mosquitto.conf", "bridge_insecure false\n")
                .text("/etc/wgetrc", "check_certificate = on\n")
                .text("/root/.curlrc", "silent\n# insecure\n")
                .run();
    }
}
