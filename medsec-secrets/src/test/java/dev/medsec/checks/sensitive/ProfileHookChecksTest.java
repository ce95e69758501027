package dev.medsec.checks.sensitive;

import dev.medsec.core.Severity;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileHookChecksTest {
    @TempDir
    static Path keys;
    @TempDir
    Path tmp;

    @BeforeAll
    static void makeKeys() {
        Tools.require("openssl");
        Tools.sh(keys, "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out device.pem"
                + " && openssl pkcs8 -topk8 -in device.pem -passout pass:s3cret-Pass -out enc.pem"
                + " && openssl req -x509 -key device.pem -subj /CN=ca -days 1 -out ca.pem");
    }

    private ScanSettings profile(String yaml) throws IOException {
        Path p = tmp.resolve("device.yaml");
        Files.writeString(p, yaml);
        return ScanSettings.defaults().withProfile(p);
    }

    static final String FSTAB = """
            # <file system> <mount point> <type> <options> <dump> <pass>
            /dev/mmcblk0p2  /               ext4    ro,noatime      0 1
            /dev/mmcblk0p1  /boot           vfat    defaults        0 2
            /dev/mmcblk0p3  /data           ext4    defaults,noatime 0 2
            /dev/mapper/records /var/lib/pump/records ext4 defaults 0 2
            /dev/mmcblk0p5  /var/log        ext4    defaults        0 2
            tmpfs           /tmp            tmpfs   defaults        0 0
            proc            /proc           proc    defaults        0 0
            """;
    static final String CRYPTTAB = "records /dev/mmcblk0p4 none luks,tpm2-device=auto\n";

    @Test
    void phiStorage_phiDirectoriesOnPlainMounts_reported() throws IOException {
        CheckTester.of(new UnencryptedPhiStorageCheck(), tmp)
                .settings(profile("data:\n  phiStored: true\n  phiDirectories:\n    - /var/lib/pump/records\n"
                        + "    - /data/therapy-log\n    - /tmp/cache\n    - /opt/export\n"))
                .text("/etc/fstab", FSTAB).text("/etc/crypttab", CRYPTTAB)
                .expect("/etc/fstab", f -> f.evidence().get("phiDirectory").equals("/data/therapy-log")
                        && f.evidence().get("device").equals("/dev/mmcblk0p3"))
                .expect("/etc/fstab", f -> f.evidence().get("phiDirectory").equals("/opt/export")
                        && f.evidence().get("mountPoint").equals("/"))
                .run();
    }

    @Test
    void phiStorage_onlyPhiStored_everyPlainDataPartitionReported() throws IOException {
        CheckTester.of(new UnencryptedPhiStorageCheck(), tmp)
                .settings(profile("data:\n  phiStored: true\n"))
                .text("/etc/fstab", FSTAB).text("/etc/crypttab", CRYPTTAB)
                .expect("/etc/fstab", f -> f.evidence().get("mountPoint").equals("/data") && f.severity() == Severity.MEDIUM)
                .expect("/etc/fstab", f -> f.evidence().get("mountPoint").equals("/var/log"))
                .run();
    }

    @Test
    void phiStorage_noProfileOrNoPhiOrAllEncrypted_noFinding() throws IOException {
        CheckTester.of(new UnencryptedPhiStorageCheck(), tmp).text("/etc/fstab", FSTAB).run();
        CheckTester.of(new UnencryptedPhiStorageCheck(), tmp).settings(profile("data:\n  phiStored: false\n"))
                .text("/etc/fstab", FSTAB).run();
        CheckTester.of(new UnencryptedPhiStorageCheck(), tmp)
                .settings(profile("data:\n  phiDirectories: [/var/lib/pump/records]\n"))
                .text("/etc/fstab", FSTAB).text("/etc/crypttab", CRYPTTAB).run();
        CheckTester.of(new UnencryptedPhiStorageCheck(), tmp)
                .settings(profile("data:\n  phiDirectories: [/home/clinician]\n"))
                .text("/etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n/home/.ecryptfs/clinician /home/clinician ecryptfs rw 0 0\n").run();
    }

    @Test
    void keyOutside_hardwareStorageDeclared_everyKeyFileHighExpectedOnesInfo() throws IOException {
        CheckTester.Result r = CheckTester.of(new KeyOutsideSecureStorageCheck(), tmp)
                .settings(profile("keys:\n  storage: secure-element\n  expectedOnDisk:\n"
                        + "    - path: /etc/pump/tls/provisioning.pem\n      justification: factory provisioning key, erased after first boot\n"))
                .file("/etc/pump/tls/device.pem", keys.resolve("device.pem"))
                .file("/etc/pump/tls/enc.pem", keys.resolve("enc.pem"))
                .file("/etc/pump/tls/provisioning.pem", keys.resolve("device.pem"))
                .file("/etc/pump/tls/ca.pem", keys.resolve("ca.pem"))
                .expect("/etc/pump/tls/device.pem", f -> f.severity() == Severity.HIGH
                        && f.evidence().get("declaredStorage").equals("secure-element"))
                .expect("/etc/pump/tls/enc.pem", f -> f.severity() == Severity.HIGH)
                .expect("/etc/pump/tls/provisioning.pem", f -> f.severity() == Severity.INFO
                        && f.evidence().get("justification").toString().startsWith("factory"))
                .run();
        assertThat(r.findings()).hasSize(3);
    }

    /** A key container that does not parse is a key container that may hold a key, never "no key". */
    @Test
    void keyOutside_truncatedPkcs12AndJks_reportedAsUnverifiedContainers() throws IOException {
        Tools.require("keytool");
        Tools.sh(keys, "rm -f whole.p12 whole.jks && openssl pkcs12 -export -inkey device.pem -in ca.pem -passout pass:x -out whole.p12"
                + " && keytool -genkeypair -keystore whole.jks -storetype JKS -storepass Str0ng-pass -keypass Str0ng-pass"
                + "    -alias device -keyalg EC -groupname secp256r1 -dname CN=device 2>/dev/null"
                + " && head -c 900 whole.p12 > cut.p12 && head -c 300 whole.jks > cut.jks");
        CheckTester.of(new KeyOutsideSecureStorageCheck(), tmp)
                .settings(profile("keys:\n  storage: tpm\n"))
                .file("/etc/pump/cut.p12", keys.resolve("cut.p12"))
                .file("/etc/pump/cut.jks", keys.resolve("cut.jks"))
                .expect("/etc/pump/cut.p12", f -> f.evidence().get("keyFile").equals("PKCS#12 container that does not parse (may hold a key)"))
                .expect("/etc/pump/cut.jks", f -> f.evidence().get("keyFile").equals("Java keystore that does not parse (may hold a key)"))
                .run();
    }

    @Test
    void keyOutside_puttyKey_isAKeyFile() throws IOException {
        Tools.require("puttygen");
        Tools.sh(keys, "rm -f svc.ppk && puttygen -q -t ed25519 -o svc.ppk --new-passphrase /dev/null");
        CheckTester.of(new KeyOutsideSecureStorageCheck(), tmp)
                .settings(profile("keys:\n  storage: secure-element\n"))
                .file("/home/svc/svc.ppk", keys.resolve("svc.ppk"))
                .expect("/home/svc/svc.ppk", f -> f.evidence().get("keyFile").equals("Ed25519 private key (PuTTY PPK v3)"))
                .run();
    }

    @Test
    void keyOutside_filesystemStorageOrNoProfile_noFinding() throws IOException {
        CheckTester.of(new KeyOutsideSecureStorageCheck(), tmp)
                .settings(profile("keys:\n  storage: filesystem\n"))
                .file("/etc/pump/tls/device.pem", keys.resolve("device.pem")).run();
        CheckTester.of(new KeyOutsideSecureStorageCheck(), tmp)
                .file("/etc/pump/tls/device.pem", keys.resolve("device.pem")).run();
    }

    @Test
    void keyOutside_trustStoresAndCertificateOnlyPkcs12_noFinding() throws IOException {
        Tools.require("keytool");
        Tools.sh(keys, "rm -f trust.jks certs.p12 && keytool -importcert -noprompt -keystore trust.jks -storetype JKS"
                + " -storepass changeit -alias ca -file ca.pem 2>/dev/null"
                + " && openssl pkcs12 -export -nokeys -in ca.pem -passout pass: -certpbe NONE -out certs.p12");
        CheckTester.of(new KeyOutsideSecureStorageCheck(), tmp)
                .settings(profile("keys:\n  storage: pkcs11\n"))
                .file("/etc/ssl/certs/java/cacerts", keys.resolve("trust.jks"))
                .file("/etc/pump/tls/certs.p12", keys.resolve("certs.p12"))
                .file("/etc/pump/tls/ca.pem", keys.resolve("ca.pem"))
                .run();
    }

    @Test
    void mountTable_octalEscapes_decoded() {
        MountTable t = MountTable.parse("/etc/fstab", "/dev/sdb1 /mnt/patient\\040data ext4 defaults 0 2\n", "", false);
        assertThat(t.mounts().get(0).mountPoint()).isEqualTo("/mnt/patient data");
    }
}
