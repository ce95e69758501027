package dev.medsec.checks.sensitive;

import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.ContentEngine;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hand-made root filesystem with planted problems and decoys of every kind principle 6 covers, scanned by all
 * sensitive-data checks together (content checks sharing one automaton, as the engine runs them). Every problem
 * must be found and no decoy flagged; the only findings allowed on decoys are the informational ones the issue
 * asks for (an encrypted key, an encrypted store).
 */
class SensitiveFixtureTreeTest {
    @TempDir
    static Path root;
    @TempDir
    static Path work;
    static Path profile;

    static final List<Check> CHECKS = List.of(new DicomPhiCheck(), new EmptyPasswordCheck(), new EncryptedStoreCheck(),
            new FhirPhiCheck(), new Hl7PhiCheck(), new KeyOutsideSecureStorageCheck(), new KeystoreTrivialPasswordCheck(),
            new MultipleRootAccountsCheck(), new PasswordHashInPasswdCheck(), new PrivateKeyDerCheck(),
            new PrivateKeyPemCheck(), new SecretTokenCheck(), new SqlitePhiCheck(), new UnencryptedPhiStorageCheck(),
            new WeakPasswordHashCheck());

    /** check id, path: each planted problem. */
    static final List<String[]> PROBLEMS = List.of(
            new String[] {"sensitive.private-key-pem", "/etc/ssl/private/device.key"},
            new String[] {"sensitive.private-key-pem", "/root/.ssh/id_ed25519"},
            new String[] {"sensitive.private-key-pem", "/opt/pump/bin/pumpd"},
            new String[] {"sensitive.private-key-pem", "/etc/pump/legacy.pem"},
            new String[] {"sensitive.private-key-der", "/etc/pump/device.der"},
            new String[] {"sensitive.keystore-trivial-password", "/opt/pump/keystore.p12"},
            new String[] {"sensitive.keystore-trivial-password", "/opt/pump/server.jks"},
            new String[] {"sensitive.key-outside-secure-storage", "/etc/ssl/private/device.key"},
            new String[] {"sensitive.key-outside-secure-storage", "/root/.ssh/id_ed25519"},
            new String[] {"sensitive.key-outside-secure-storage", "/etc/pump/legacy.pem"},
            new String[] {"sensitive.key-outside-secure-storage", "/etc/pump/device.der"},
            new String[] {"sensitive.key-outside-secure-storage", "/opt/pump/keystore.p12"},
            new String[] {"sensitive.key-outside-secure-storage", "/opt/pump/server.jks"},
            new String[] {"sensitive.key-outside-secure-storage", "/opt/pump/strong.p12"},
            new String[] {"sensitive.secret-token", "/etc/pump/cloud.env"},
            new String[] {"sensitive.secret-token", "/etc/pump/db.conf"},
            new String[] {"sensitive.secret-token", "/etc/wpa_supplicant/wpa_supplicant.conf"},
            new String[] {"sensitive.weak-password-hash", "/etc/shadow"},
            new String[] {"sensitive.empty-password", "/etc/shadow"},
            new String[] {"sensitive.multiple-root-accounts", "/etc/passwd"},
            new String[] {"sensitive.phi-sqlite", "/var/lib/pump/records.db"},
            new String[] {"sensitive.phi-hl7", "/var/spool/hl7/in/0001.hl7"},
            new String[] {"sensitive.phi-fhir", "/var/lib/pump/fhir/patient.json"},
            new String[] {"sensitive.phi-dicom", "/var/lib/pump/images/ct.dcm"},
            new String[] {"sensitive.unencrypted-phi-storage", "/etc/fstab"});

    /** Decoys: files that look like problems but are not. Only the listed INFO findings are allowed on them. */
    static final List<String> DECOYS = List.of(
            "/usr/share/doc/openssl/HOWTO.keys", "/etc/ssl/certs/device-ca.pem", "/etc/ssh/ssh_host_ed25519_key.pub",
            "/etc/pump/pub.pem", "/etc/pump/enc.pem", "/opt/pump/update.bin.gz", "/var/lib/pump/firmware.bin",
            "/var/lib/pump/settings.db", "/usr/share/fhir/capability.json", "/etc/pump/example.env",
            "/etc/ssl/certs/java/cacerts", "/var/lib/pump/vault.db", "/var/spool/hl7/out/ack.hl7",
            "/var/lib/pump/images/phantom.dcm", "/usr/bin/login-helper",
            "/etc/ssh/sshd_config", "/etc/login.defs", "/etc/pump/pump.yaml", "/etc/crypttab");
    static final Set<String> INFO_ALLOWED = Set.of("/etc/pump/enc.pem", "/var/lib/pump/vault.db");
    /** A well-encrypted key is still a key on disk: low, with its KDF and cipher named. */
    static final Set<String> LOW_ALLOWED = Set.of("/etc/pump/enc.pem");

    @BeforeAll
    static void buildTree() throws IOException {
        for (String t : List.of("openssl", "ssh-keygen", "keytool", "sqlite3", "sqlcipher", "dump2dcm", "gcc", "mkpasswd")) {
            Tools.require(t);
        }
        for (String d : List.of("etc/ssl/private", "etc/ssl/certs/java", "etc/ssh", "etc/pump", "etc/wpa_supplicant",
                "root/.ssh", "opt/pump/bin", "usr/bin", "usr/share/doc/openssl", "usr/share/fhir", "var/lib/pump/fhir",
                "var/lib/pump/images", "var/spool/hl7/in", "var/spool/hl7/out")) {
            Files.createDirectories(root.resolve(d));
        }
        Tools.sh(root, String.join(" && ",
                "openssl genrsa -traditional -out etc/ssl/private/device.key 2048 2>/dev/null",
                "ssh-keygen -q -t ed25519 -N '' -C pump -f root/.ssh/id_ed25519",
                "ssh-keygen -q -t ed25519 -N '' -C host -f " + work + "/host && cp " + work + "/host.pub etc/ssh/ssh_host_ed25519_key.pub",
                "openssl rsa -in etc/ssl/private/device.key -aes128 -traditional -passout pass:pump-2024 -out etc/pump/legacy.pem 2>/dev/null",
                "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + work + "/ec.pem",
                "openssl pkcs8 -topk8 -nocrypt -in " + work + "/ec.pem -outform DER -out etc/pump/device.der",
                "openssl pkcs8 -topk8 -in " + work + "/ec.pem -passout pass:Long-Unguessable-9 -v2 aes-256-cbc -iter 600000"
                        + " -out etc/pump/enc.pem",
                "openssl pkey -in " + work + "/ec.pem -pubout -out etc/pump/pub.pem",
                "openssl req -x509 -key " + work + "/ec.pem -subj /CN=pump-ca -days 30 -out etc/ssl/certs/device-ca.pem",
                "openssl pkcs12 -export -inkey " + work + "/ec.pem -in etc/ssl/certs/device-ca.pem -passout pass: -out opt/pump/keystore.p12",
                "openssl pkcs12 -export -inkey " + work + "/ec.pem -in etc/ssl/certs/device-ca.pem -passout pass:Zq8-unguessable-P12 -out opt/pump/strong.p12",
                "keytool -genkeypair -keystore opt/pump/server.jks -storetype JKS -storepass changeit -keypass changeit"
                        + " -alias server -keyalg RSA -keysize 2048 -dname CN=pump 2>/dev/null",
                "keytool -importcert -noprompt -keystore etc/ssl/certs/java/cacerts -storetype JKS -storepass changeit"
                        + " -alias ca -file etc/ssl/certs/device-ca.pem 2>/dev/null",
                "head -c 200000 /dev/urandom | gzip -1 > opt/pump/update.bin.gz",
                "head -c 65536 /dev/urandom > var/lib/pump/firmware.bin"));
        String pem = Files.readString(work.resolve("ec.pem"));
        Files.writeString(work.resolve("pumpd.c"), "#include <stdio.h>\nstatic const char k[] = \"" + pem.replace("\n", "\\n")
                + "\";\nint main(void){ return puts(k) < 0; }\n");
        Tools.run(work, "gcc", "-O0", "-o", root.resolve("opt/pump/bin/pumpd").toString(), "pumpd.c");
        Files.writeString(work.resolve("login.c"), "#include <stdio.h>\nint main(int c, char **v){ printf(\"password=%s\\n\", v[0]);"
                + " printf(\"token: %d secret=%s\\n\", c, \"Tr0ub4dor&3x\"); return 0; }\n");
        Tools.run(work, "gcc", "-O0", "-o", root.resolve("usr/bin/login-helper").toString(), "login.c");
        Files.writeString(root.resolve("usr/share/doc/openssl/HOWTO.keys"), "A private key file begins with the line\n"
                + "-----BEGIN RSA PRIVATE KEY-----\nand ends with\n-----END RSA PRIVATE KEY-----\nKeep it secret.\n"
                + "password = Tr0ub4dor&3x is an example of a weak password.\n");
        Files.writeString(root.resolve("etc/pump/cloud.env"), "CLOUD_URL=https://cloud.example.org\n"
                + "GITHUB_TOKEN=ghp_PvJ5QNNtxyHysiRFdlBMVzgCpZf5MQ34CCY1\n");
        Files.writeString(root.resolve("etc/pump/db.conf"), "[db]\nhost=localhost\nuser=pump\npassword=Kq8#vv2!Lm-x\n");
        Files.writeString(root.resolve("etc/pump/example.env"), "# copy to cloud.env and fill in\nGITHUB_TOKEN=<your-token>\n"
                + "API_KEY=changeme\nDB_PASSWORD=${DB_PASSWORD}\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nSECRET=xxxxxxxxxxxxxxxx\npassword=\n");
        Files.writeString(root.resolve("etc/pump/pump.yaml"), "server:\n  port: 8443\n  token_ttl: 3600\n"
                + "  password_file: /run/secrets/pump\n  auth: client-certificate\n");
        Files.writeString(root.resolve("etc/wpa_supplicant/wpa_supplicant.conf"),
                "ctrl_interface=/run/wpa_supplicant\nnetwork={\n\tssid=\"ward-7\"\n\tpsk=\"Infusion-Pump-42!\"\n}\n");
        Files.writeString(root.resolve("etc/ssh/sshd_config"), "PasswordAuthentication no\n#PermitEmptyPasswords no\n"
                + "HostKey /etc/ssh/ssh_host_ed25519_key\n");
        Files.writeString(root.resolve("etc/login.defs"), "ENCRYPT_METHOD YESCRYPT\nPASS_MAX_DAYS 99999\n");
        String md5 = Tools.run(work, "openssl", "passwd", "-1", "pump").strip();
        String yes = Tools.run(work, "mkpasswd", "-m", "yescrypt", "Correct-Horse-7").strip();
        String sha = Tools.run(work, "openssl", "passwd", "-6", "Correct-Horse-7").strip();
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1::/usr/sbin:/usr/sbin/nologin\n"
                + "service:x:1000:1000::/home/service:/bin/sh\ntech:x:1001:1001::/home/tech:/bin/bash\n"
                + "clin:x:1002:1002::/home/clin:/bin/bash\nmaint:x:0:0::/root:/bin/sh\n");
        Files.writeString(root.resolve("etc/shadow"), "root:" + md5 + ":19000:0:99999:7:::\ndaemon:*:19000::::::\n"
                + "service::19000::::::\ntech:" + yes + ":19000::::::\nclin:" + sha + ":19000::::::\nmaint:!" + md5 + ":19000::::::\n");
        Files.writeString(root.resolve("etc/fstab"), "/dev/mmcblk0p2 / ext4 ro 0 1\n/dev/mmcblk0p3 /var/lib/pump ext4 defaults 0 2\n"
                + "/dev/mapper/spool /var/spool/hl7 ext4 defaults 0 2\ntmpfs /tmp tmpfs defaults 0 0\n");
        Files.writeString(root.resolve("etc/crypttab"), "spool /dev/mmcblk0p4 none luks\n");
        Tools.run(root, "sqlite3", "var/lib/pump/records.db", PhiChecksTest.PATIENT_SQL);
        Tools.run(root, "sqlite3", "var/lib/pump/settings.db", PhiChecksTest.SETTINGS_SQL);
        Tools.run(root, "sqlcipher", "var/lib/pump/vault.db", "PRAGMA key = 'k-from-tpm';" + PhiChecksTest.PATIENT_SQL);
        Files.writeString(root.resolve("var/spool/hl7/in/0001.hl7"), PhiChecksTest.ADT);
        Files.writeString(root.resolve("var/spool/hl7/out/ack.hl7"), PhiChecksTest.ACK);
        Files.writeString(root.resolve("var/lib/pump/fhir/patient.json"), PhiChecksTest.PATIENT_JSON);
        Files.writeString(root.resolve("usr/share/fhir/capability.json"), PhiChecksTest.CAPABILITY_JSON);
        Files.writeString(work.resolve("ct.txt"), DicomPhiCheckTest.HEAD
                + "(0010,0010) PN [Doe^Jane]\n(0010,0020) LO [MRN-000123]\n");
        Files.writeString(work.resolve("phantom.txt"), DicomPhiCheckTest.HEAD + "(0010,0010) PN [ANONYMOUS]\n(0010,0020) LO []\n");
        Tools.run(work, "dump2dcm", "+te", "ct.txt", root.resolve("var/lib/pump/images/ct.dcm").toString());
        Tools.run(work, "dump2dcm", "+ti", "phantom.txt", root.resolve("var/lib/pump/images/phantom.dcm").toString());
        profile = work.resolve("device.yaml");
        Files.writeString(profile, "data:\n  phiStored: true\n  phiDirectories: [/var/lib/pump, /var/spool/hl7]\n"
                + "keys:\n  storage: tpm\n  expectedOnDisk:\n    - path: /etc/pump/enc.pem\n"
                + "      justification: TLS client key wrapped by a TPM-sealed passphrase\n");
    }

    static List<Finding> scanAll(Path tree, ScanSettings settings) throws IOException {
        List<Artifact> artifacts = new ArrayList<>();
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                artifacts.add(Artifact.ofFile("", "/" + tree.relativize(p).toString().replace('\\', '/'),
                        FileMeta.of(EntryKind.FILE, 0644, 0, 0), p));
            }
        }
        Image image = new Image("fixture", artifacts, settings);
        Map<Check, FindingCollector> collectors = new IdentityHashMap<>();
        Map<ContentCheck, FindingCollector> contentCollectors = new IdentityHashMap<>();
        List<ContentCheck> content = new ArrayList<>();
        for (Check c : CHECKS) {
            FindingCollector fc = new FindingCollector(CheckMetadata.of(c));
            collectors.put(c, fc);
            if (c instanceof ContentCheck cc) {
                content.add(cc);
                contentCollectors.put(cc, fc);
            }
        }
        ContentEngine engine = new ContentEngine(content);
        for (Artifact a : image.artifacts()) {
            engine.scan(a, contentCollectors);
            for (Check c : CHECKS) {
                if (c instanceof FileCheck f && f.appliesTo(a)) {
                    f.inspect(a, collectors.get(c));
                }
            }
        }
        for (Check c : CHECKS) {
            if (c instanceof ImageCheck ic) {
                ic.inspect(image, collectors.get(c));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (FindingCollector fc : collectors.values()) {
            assertThat(fc.errors()).as("errors of " + fc.metadata().id()).isEmpty();
            out.addAll(fc.findings());
        }
        return out;
    }

    @Test
    void scan_fixtureTree_findsEveryProblemAndNoDecoy() throws IOException {
        assertThat(PROBLEMS).hasSizeGreaterThanOrEqualTo(15);
        assertThat(DECOYS).hasSizeGreaterThanOrEqualTo(15);
        List<Finding> findings = scanAll(root, ScanSettings.defaults().withProfile(profile));
        String all = findings.stream().map(f -> f.severity() + " " + f.checkId() + " " + f.path() + " " + f.evidence())
                .collect(Collectors.joining("\n  "));
        for (String[] p : PROBLEMS) {
            assertThat(findings).as("problem %s at %s; found:\n  %s", p[0], p[1], all)
                    .anyMatch(f -> f.checkId().equals(p[0]) && f.path().equals(p[1]) && f.severity() != Severity.INFO);
        }
        for (String d : DECOYS) {
            assertThat(findings).as("decoy %s flagged; found:\n  %s", d, all)
                    .noneMatch(f -> f.path().equals(d) && (!(f.severity() == Severity.INFO
                            || f.severity() == Severity.LOW && LOW_ALLOWED.contains(d)) || !INFO_ALLOWED.contains(d)));
        }
        Set<String> problemPaths = PROBLEMS.stream().map(p -> p[1]).collect(Collectors.toSet());
        assertThat(findings).as("findings on neither a problem nor an allowed decoy:\n  %s", all)
                .allMatch(f -> problemPaths.contains(f.path()) || INFO_ALLOWED.contains(f.path()));
        assertThat(findings).as("informational findings on the encrypted key and store")
                .anyMatch(f -> f.path().equals("/etc/pump/enc.pem") && f.checkId().equals("sensitive.private-key-pem"))
                .anyMatch(f -> f.path().equals("/var/lib/pump/vault.db") && f.checkId().equals("sensitive.encrypted-store"));
        // The report must not leak what it finds.
        assertThat(all).doesNotContain("PvJ5QNNtxy").doesNotContain("Kq8#vv2").doesNotContain("Infusion-Pump")
                .doesNotContain("$1$").doesNotContain("MRN-000123").doesNotContain("Doe");
    }
}
