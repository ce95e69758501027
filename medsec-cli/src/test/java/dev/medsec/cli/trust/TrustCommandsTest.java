package dev.medsec.cli.trust;

import dev.medsec.cli.Medsec;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four trust commands end to end, on keys and certificates made by openssl. */
class TrustCommandsTest {
    @TempDir
    static Path dir;

    record Run(int exit, String out, String err) {
    }

    @BeforeAll
    static void pki() throws Exception {
        Tools.require("openssl");
        Files.writeString(dir.resolve("ext.cnf"), String.join("\n",
                "[signer]", "keyUsage=critical,digitalSignature", "extendedKeyUsage=codeSigning",
                "[recipient]", "keyUsage=critical,keyEncipherment", ""));
        Tools.sh(dir, "openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 30 -subj '/O=Example/CN=Root'"
                + " -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign' 2>&1");
        Tools.sh(dir, "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout other.key -out other.pem -days 30 -subj '/CN=Other' 2>&1");
        for (String[] e : new String[][] {{"signer", "signer"}, {"clinic", "recipient"}}) {
            Tools.sh(dir, "openssl req -new -newkey rsa:3072 -nodes -keyout " + e[0] + ".key -out " + e[0] + ".csr -subj '/O=Example/CN=" + e[0] + "' 2>&1");
            Tools.sh(dir, "openssl x509 -req -in " + e[0] + ".csr -CA ca.pem -CAkey ca.key -set_serial " + e[0].length()
                    + " -days 30 -extfile ext.cnf -extensions " + e[1] + " -out " + e[0] + ".pem 2>&1");
            Tools.sh(dir, "openssl pkcs12 -export -inkey " + e[0] + ".key -in " + e[0] + ".pem -out " + e[0] + ".p12 -passout pass:s3cret 2>&1");
        }
        Tools.sh(dir, "openssl x509 -req -in signer.csr -CA ca.pem -CAkey ca.key -set_serial 99 -days -1"
                + " -extfile ext.cnf -extensions signer -out expired.pem 2>&1");
        Files.writeString(dir.resolve("pw.txt"), "s3cret\n");
        Files.writeString(dir.resolve("app.bin"), "firmware 1.2.3\n".repeat(200));
        Files.writeString(dir.resolve("obs.hl7"), "OBX|1|NM|glucose||5.4|mmol/l\r");
    }

    static Run run(String... args) {
        CommandLine cl = Medsec.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String p(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void signThenVerify_untouched_exit0() {
        Run s = run("sign", "--force", p("app.bin"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("pw.txt"));
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(s.out()).contains("RSA_PSS_SHA256");
        Run v = run("verify-file", p("app.bin"), "--sig", p("app.bin.p7s"), "--trust", p("ca.pem"), "--require-signer", "CN=signer,O=Example");
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).startsWith("valid: ");
    }

    @Test
    void verify_alteredFile_exit1WithOneLineReason() throws Exception {
        Files.writeString(dir.resolve("cfg.json"), "{\"dose\": 5}");
        assertThat(run("sign", p("cfg.json"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("pw.txt"), "--out", dir.toString()).exit()).isZero();
        Files.writeString(dir.resolve("cfg.json"), "{\"dose\": 50}");
        Run v = run("verify-file", p("cfg.json"), "--trust", p("ca.pem"));
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out().strip()).doesNotContain("\n").contains("file was altered");
    }

    @Test
    void verify_untrustedAnchor_exit1() {
        assertThat(run("sign", "--force", p("app.bin"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("pw.txt")).exit()).isZero();
        Run v = run("verify-file", p("app.bin"), "--trust", p("other.pem"));
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("does not chain to a trust anchor");
    }

    @Test
    void verify_opensslSignature_exit0() {
        Tools.sh(dir, "openssl cms -sign -binary -in app.bin -signer signer.pem -inkey signer.key -outform DER -out app.ossl.p7s");
        assertThat(run("verify-file", p("app.bin"), "--sig", p("app.ossl.p7s"), "--trust", p("ca.pem")).exit()).isZero();
    }

    @Test
    void verify_missingOrGarbageSignature_exit2() throws Exception {
        assertThat(run("verify-file", p("app.bin"), "--sig", p("nope.p7s"), "--trust", p("ca.pem")).exit()).isEqualTo(2);
        Files.writeString(dir.resolve("junk.p7s"), "not a signature");
        assertThat(run("verify-file", p("app.bin"), "--sig", p("junk.p7s"), "--trust", p("ca.pem")).exit()).isEqualTo(2);
        assertThat(run("verify-file", p("app.bin")).exit()).as("--trust is required").isEqualTo(2);
    }

    @Test
    void sealThenUnseal_roundTrip_ownerOnlyOutput() throws Exception {
        Run s = run("seal", p("obs.hl7"), "--recipient", p("clinic.pem"), "--out", p("obs.p7m"), "--force");
        assertThat(s.exit()).as(s.err()).isZero();
        Files.deleteIfExists(dir.resolve("obs.out.hl7"));
        Run u = run("unseal", p("obs.p7m"), "--key", "pkcs12:" + p("clinic.p12"), "--password-file", p("pw.txt"), "--out", p("obs.out.hl7"));
        assertThat(u.exit()).as(u.err()).isZero();
        assertThat(Files.readString(dir.resolve("obs.out.hl7"))).isEqualTo(Files.readString(dir.resolve("obs.hl7")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("obs.out.hl7")))).isEqualTo("rw-------");
        Tools.sh(dir, "openssl cms -decrypt -binary -inform DER -in obs.p7m -recip clinic.pem -inkey clinic.key -out obs.ossl.hl7");
        assertThat(Files.readString(dir.resolve("obs.ossl.hl7"))).isEqualTo(Files.readString(dir.resolve("obs.hl7")));
    }

    @Test
    void unseal_tampered_exit1AndNoOutput() throws Exception {
        assertThat(run("seal", p("obs.hl7"), "--recipient", p("clinic.pem"), "--out", p("t.p7m"), "--force").exit()).isZero();
        byte[] sealed = Files.readAllBytes(dir.resolve("t.p7m"));
        sealed[sealed.length - 3] ^= 0x40;
        Files.write(dir.resolve("t.p7m"), sealed);
        Run u = run("unseal", p("t.p7m"), "--key", "pkcs12:" + p("clinic.p12"), "--password-file", p("pw.txt"));
        assertThat(u.exit()).isEqualTo(1);
        assertThat(u.out()).contains("authentication tag");
        assertThat(dir.resolve("t")).doesNotExist();
    }

    @Test
    void seal_existingOutputWithoutForce_exit2() throws Exception {
        Files.writeString(dir.resolve("keep.p7m"), "precious");
        assertThat(run("seal", p("obs.hl7"), "--recipient", p("clinic.pem"), "--out", p("keep.p7m")).exit()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("keep.p7m"))).isEqualTo("precious");
    }

    @Test
    void sign_wrongPassword_exit2() throws Exception {
        Files.writeString(dir.resolve("bad.txt"), "guess\n");
        Run s = run("sign", "--force", p("app.bin"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("bad.txt"));
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("wrong password");
    }

    @Test
    void sign_passwordOnCommandLine_isNotAnOption() {
        Run s = run("sign", "--force", p("app.bin"), "--key", "pkcs12:" + p("signer.p12"), "--password", "s3cret");
        assertThat(s.exit()).isEqualTo(2);
    }

    @Test
    void sign_pkcs11PinValueInUri_refused() {
        Run s = run("sign", "--force", p("app.bin"), "--key", "pkcs11:token=t;object=k?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-value=1234");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("pin-value is refused");
    }

    @Test
    void password_fromEnvironment_used() throws Exception {
        char[] pw = new CliPasswords(Optional.empty(), Map.of(CliPasswords.ENV, "s3cret")).password("password");
        assertThat(new String(pw)).isEqualTo("s3cret");
    }

    @Test
    void password_noSourceAndNoTerminal_refused() {
        // Under the test runner there is no console, so nothing can supply the password.
        assertThatThrownBy(() -> new CliPasswords(Optional.empty(), Map.of()).password("password for x.p12"))
                .hasMessageContaining("--password-file");
    }

    @Test
    void password_fileFirstLineOnly() throws Exception {
        Files.write(dir.resolve("pw2.txt"), "line one\r\nline two\n".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(new CliPasswords(Optional.of(dir.resolve("pw2.txt")), Map.of()).password("x"))).isEqualTo("line one");
    }

    @Test
    void sign_existingSignature_exit2WithoutForce_replacedWithIt() throws Exception {
        Files.writeString(dir.resolve("once.bin"), "payload");
        String[] sign = {"sign", p("once.bin"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("pw.txt")};
        assertThat(run(sign).exit()).isZero();
        byte[] first = Files.readAllBytes(dir.resolve("once.bin.p7s"));
        Run again = run(sign);
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("once.bin.p7s exists (use --force to replace it)");
        assertThat(Files.readAllBytes(dir.resolve("once.bin.p7s"))).isEqualTo(first);
        String[] forced = java.util.Arrays.copyOf(sign, sign.length + 1);
        forced[sign.length] = "--force";
        assertThat(run(forced).exit()).isZero();
    }

    /** sign never writes what its own verify-file rejects: wrong key usage, an expired certificate. */
    @Test
    void sign_certificateVerifyWouldReject_refusedBeforeWriting() throws Exception {
        Files.writeString(dir.resolve("dose.cfg"), "rate=5\n");
        Run ku = run("sign", p("dose.cfg"), "--key", "pkcs12:" + p("clinic.p12"), "--password-file", p("pw.txt"));
        assertThat(ku.exit()).isEqualTo(2);
        assertThat(ku.err()).contains("refusing to sign: signer certificate key usage does not allow digitalSignature")
                .contains("verify-file would reject");
        Run expired = run("sign", p("dose.cfg"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("pw.txt"),
                "--cert", p("expired.pem"));
        assertThat(expired.exit()).isEqualTo(2);
        assertThat(expired.err()).contains("refusing to sign: signer certificate").contains("expired on");
        assertThat(dir.resolve("dose.cfg.p7s")).doesNotExist();
    }

    @Test
    void verify_expiredSigner_saidAsExpired() {
        Tools.sh(dir, "openssl cms -sign -binary -in app.bin -signer expired.pem -inkey signer.key -outform DER -out app.exp.p7s");
        Run v = run("verify-file", p("app.bin"), "--sig", p("app.exp.p7s"), "--trust", p("ca.pem"));
        assertThat(v.exit()).isEqualTo(1);
        assertThat(v.out()).contains("expired on").doesNotContain("does not chain");
    }

    @Test
    void verify_pemSignatureAccepted_otherPemRefusedWithHint() {
        Tools.sh(dir, "openssl cms -sign -binary -in app.bin -signer signer.pem -inkey signer.key -outform PEM -out app.pem.p7s");
        Run ok = run("verify-file", p("app.bin"), "--sig", p("app.pem.p7s"), "--trust", p("ca.pem"));
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        Run cert = run("verify-file", p("app.bin"), "--sig", p("signer.pem"), "--trust", p("ca.pem"));
        assertThat(cert.exit()).isEqualTo(2);
        assertThat(cert.err()).contains("a PEM CERTIFICATE block, not a signature").doesNotContain("unknown tag");
    }

    @Test
    void missingFiles_sayNoSuchFile_exit2() {
        Run signMissing = run("sign", p("absent.bin"), "--key", "pkcs12:" + p("signer.p12"), "--password-file", p("pw.txt"));
        assertThat(signMissing.exit()).isEqualTo(2);
        assertThat(signMissing.err()).contains("absent.bin: no such file");
        Run verifyMissing = run("verify-file", p("absent.bin"), "--trust", p("ca.pem"));
        assertThat(verifyMissing.exit()).isEqualTo(2);
        assertThat(verifyMissing.err()).contains("absent.bin: no such file");
        Run trustMissing = run("verify-file", p("app.bin"), "--trust", p("absent.pem"));
        assertThat(trustMissing.exit()).isEqualTo(2);
        assertThat(trustMissing.err()).contains("absent.pem: no such file");
    }

    @Test
    void help_everyTrustCommandListsItsExitCodes() {
        for (String c : new String[] {"sign", "verify-file", "seal", "unseal"}) {
            Run h = run(c, "--help");
            assertThat(h.out()).as(c).contains("Exit codes:").contains("  2 ");
        }
    }
}
