package dev.medsec.checks.crypto;

import dev.medsec.testkit.Javac;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class JavaCryptoChecksTest {
    @TempDir
    Path tmp;

    private static final String IMPORTS = "import javax.crypto.*; import javax.crypto.spec.*; import java.security.*;\n";

    @Test
    void weakCipher_desEcbAndDefaultMode_reportedWithOffsetAndLine() {
        Path cls = Javac.compile(tmp, "Legacy", IMPORTS + """
                public class Legacy {
                  byte[] a(byte[] d, Key k) throws Exception {
                    Cipher c = Cipher.getInstance("DES/CBC/PKCS5Padding");
                    c.init(Cipher.ENCRYPT_MODE, k);
                    return c.doFinal(d);
                  }
                  Cipher b() throws Exception { return Cipher.getInstance("AES"); }
                  Cipher e() throws Exception { return Cipher.getInstance("AES/ECB/PKCS5Padding"); }
                  Cipher r() throws Exception { return Cipher.getInstance("RSA/ECB/PKCS1Padding"); }
                }
                """);
        CheckTester.of(new JavaWeakCipher(), tmp).file("/app/Legacy.class", cls)
                .expect("/app/Legacy.class", f -> f.evidence().get("transformation").equals("DES/CBC/PKCS5Padding")
                        && f.evidence().get("line").equals(4) && (Integer) f.evidence().get("bytecodeOffset") >= 0
                        && f.evidence().get("class").equals("Legacy"))
                .expect("/app/Legacy.class", f -> f.evidence().get("transformation").equals("AES"))
                .expect("/app/Legacy.class", f -> f.evidence().get("transformation").equals("AES/ECB/PKCS5Padding"))
                .expect("/app/Legacy.class", f -> f.evidence().get("transformation").equals("RSA/ECB/PKCS1Padding"))
                .run();
    }

    @Test
    void weakCipher_gcmAndOaep_clean() {
        Path cls = Javac.compile(tmp, "Modern", IMPORTS + """
                public class Modern {
                  Cipher a() throws Exception { return Cipher.getInstance("AES/GCM/NoPadding"); }
                  Cipher r() throws Exception { return Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding"); }
                  Cipher v(String t) throws Exception { return Cipher.getInstance(t); }
                  String s() { return "DES/ECB/NoPadding"; }
                }
                """);
        CheckTester.of(new JavaWeakCipher(), tmp).file("/app/Modern.class", cls).run();
    }

    @Test
    void weakCipher_offset_matchesJavap() {
        Path cls = Javac.compile(tmp, "Off", IMPORTS + """
                public class Off {
                  Cipher a(int x) throws Exception {
                    switch (x) { case 1: x += 7; break; case 9: x = 1000; break; default: x = 3; }
                    long l = 123456789012L;
                    return Cipher.getInstance("RC4");
                  }
                }
                """);
        String javap = dev.medsec.testkit.Tools.run(tmp, "javap", "-c", cls.toString());
        String line = javap.lines().filter(l -> l.contains("javax/crypto/Cipher.getInstance")).findFirst().orElseThrow();
        int expected = Integer.parseInt(line.trim().substring(0, line.trim().indexOf(':')));
        CheckTester.of(new JavaWeakCipher(), tmp).file("/Off.class", cls)
                .expect("/Off.class", f -> f.evidence().get("bytecodeOffset").equals(expected)).run();
    }

    @Test
    void weakCipher_malformedClass_errorNotCrash() {
        byte[] bad = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 52, 0, 99, 1, 2};
        var r = CheckTester.of(new JavaWeakCipher(), tmp).file("/bad.class", bad).allowErrors().run();
        assertThat(r.errors()).hasSize(1);
        // The other bytecode checks stay silent on it: one error per bad class, not one per check.
        CheckTester.of(new JavaWeakDigest(), tmp).file("/bad.class", bad).run();
        CheckTester.of(new JavaHardcodedKey(), tmp).file("/bad.class", bad).run();
    }

    @Test
    void weakDigest_md5AndSha1_reported_sha256Clean() {
        Path cls = Javac.compile(tmp, "Hashes", IMPORTS + """
                public class Hashes {
                  void a() throws Exception { MessageDigest.getInstance("MD5"); MessageDigest.getInstance("SHA-1"); }
                  void b() throws Exception { MessageDigest.getInstance("SHA-256"); MessageDigest.getInstance("SHA3-256"); }
                  void m() throws Exception { Mac.getInstance("HmacMD5"); Mac.getInstance("HmacSHA1"); Mac.getInstance("HmacSHA256"); }
                }
                """);
        CheckTester.of(new JavaWeakDigest(), tmp).file("/Hashes.class", cls)
                .expect("/Hashes.class", f -> f.evidence().get("algorithm").equals("MD5"))
                .expect("/Hashes.class", f -> f.evidence().get("algorithm").equals("SHA-1"))
                .expect("/Hashes.class", f -> f.evidence().get("algorithm").equals("HmacMD5"))
                .run();
    }

    @Test
    void weakSignature_sha1WithRsa_reported_sha256Clean() {
        Path cls = Javac.compile(tmp, "Sig", IMPORTS + """
                public class Sig {
                  void a() throws Exception { Signature.getInstance("SHA1withRSA"); }
                  void b() throws Exception { Signature.getInstance("SHA256withECDSA"); Signature.getInstance("Ed25519"); }
                }
                """);
        CheckTester.of(new JavaWeakSignature(), tmp).file("/Sig.class", cls)
                .expect("/Sig.class", f -> f.evidence().get("algorithm").equals("SHA1withRSA")).run();
    }

    @Test
    void staticIv_constantAndZeroArrays_reported() {
        Path cls = Javac.compile(tmp, "FixedIv", IMPORTS + """
                public class FixedIv {
                  static final byte[] IV = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16};
                  IvParameterSpec a() { return new IvParameterSpec(new byte[] {0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15}); }
                  IvParameterSpec b() { byte[] iv = new byte[16]; return new IvParameterSpec(iv); }
                  GCMParameterSpec c() { return new GCMParameterSpec(128, "0123456789ab".getBytes()); }
                  IvParameterSpec d() { return new IvParameterSpec(IV); }
                }
                """);
        CheckTester.of(new JavaStaticIv(), tmp).file("/FixedIv.class", cls)
                .expect("/FixedIv.class", f -> f.evidence().get("method").toString().startsWith("a(")
                        && f.evidence().get("ivSource").equals("constant_array"))
                .expect("/FixedIv.class", f -> f.evidence().get("method").toString().startsWith("b(")
                        && f.evidence().get("ivSource").equals("zero_array"))
                .expect("/FixedIv.class", f -> f.evidence().get("method").toString().startsWith("c("))
                .expect("/FixedIv.class", f -> f.evidence().get("method").toString().startsWith("d("))
                .run();
    }

    @Test
    void staticIv_secureRandomOrReadIv_clean() {
        Path cls = Javac.compile(tmp, "RandomIv", IMPORTS + """
                public class RandomIv {
                  private final SecureRandom rnd = new SecureRandom();
                  GCMParameterSpec a() { byte[] n = new byte[12]; rnd.nextBytes(n); return new GCMParameterSpec(128, n); }
                  IvParameterSpec b(java.io.DataInputStream in) throws Exception {
                    byte[] iv = new byte[16]; in.readFully(iv); return new IvParameterSpec(iv); }
                  IvParameterSpec c(byte[] wire) { return new IvParameterSpec(wire, 0, 16); }
                  IvParameterSpec d(byte[] wire) { byte[] iv = new byte[16];
                    System.arraycopy(wire, 0, iv, 0, 16); return new IvParameterSpec(iv); }
                  IvParameterSpec e(byte[] w) { byte[] iv = new byte[16]; for (int i = 0; i < 16; i++) iv[i] = w[i];
                    return new IvParameterSpec(iv); }
                }
                """);
        CheckTester.of(new JavaStaticIv(), tmp).file("/RandomIv.class", cls).run();
    }

    @Test
    void hardcodedKey_literalBytes_reported_generatedKeyClean() {
        Path cls = Javac.compile(tmp, "Keys", IMPORTS + """
                public class Keys {
                  SecretKeySpec a() { return new SecretKeySpec("0123456789abcdef".getBytes(), "AES"); }
                  SecretKeySpec b() { return new SecretKeySpec(java.util.Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODw=="), "AES"); }
                  SecretKeySpec c(byte[] k) { return new SecretKeySpec(k, "AES"); }
                  SecretKey d() throws Exception { KeyGenerator g = KeyGenerator.getInstance("AES"); g.init(256); return g.generateKey(); }
                }
                """);
        CheckTester.of(new JavaHardcodedKey(), tmp).file("/Keys.class", cls)
                .expect("/Keys.class", f -> f.evidence().get("method").toString().startsWith("a(")
                        && f.evidence().get("algorithm").equals("AES"))
                .expect("/Keys.class", f -> f.evidence().get("method").toString().startsWith("b("))
                .run();
    }

    @Test
    void seededSecureRandom_constantSeed_reported_unseededClean() {
        Path cls = Javac.compile(tmp, "Seeds", IMPORTS + """
                public class Seeds {
                  SecureRandom a() { return new SecureRandom(new byte[] {1, 2, 3}); }
                  SecureRandom b() { SecureRandom r = new SecureRandom(); r.setSeed(42L); return r; }
                  SecureRandom c() { return new SecureRandom(); }
                  SecureRandom d() { SecureRandom r = new SecureRandom(); r.setSeed(System.nanoTime()); return r; }
                }
                """);
        CheckTester.of(new JavaSeededSecureRandom(), tmp).file("/Seeds.class", cls)
                .expect("/Seeds.class", f -> f.evidence().get("method").toString().startsWith("a("))
                .expect("/Seeds.class", f -> f.evidence().get("method").toString().startsWith("b("))
                .run();
    }
}
