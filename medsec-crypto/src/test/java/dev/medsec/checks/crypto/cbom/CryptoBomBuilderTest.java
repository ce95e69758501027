package dev.medsec.checks.crypto.cbom;

import dev.medsec.testkit.DebianPackages;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.checks.crypto.CBuild;
import dev.medsec.checks.crypto.ElfWeakPrimitives;
import dev.medsec.checks.crypto.HomemadeCrypto;
import dev.medsec.checks.crypto.JavaWeakCipher;
import dev.medsec.checks.crypto.JavaWeakDigest;
import dev.medsec.checks.crypto.JavaWeakSignature;
import dev.medsec.testkit.Javac;
import dev.medsec.core.Finding;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.crypto.CryptoAsset;
import dev.medsec.sbom.crypto.CryptoBom;
import dev.medsec.sbom.write.SbomWriter;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.cyclonedx.Version;
import org.cyclonedx.parsers.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The crypto bill of materials on an image made by the real tools: Debian's libcrypto.so.3, a gcc-built binary that
 * imports MD5 and AES-256-GCM from it, and openssl-made RSA 2048 and EC P-256 certificates.
 */
class CryptoBomBuilderTest {
    @TempDir
    static Path tmp;
    static Image image;
    static CryptoBom cbom;
    static Path md5tool;
    static X509Certificate rsaCert;
    static X509Certificate ecCert;

    private static final String LIBCRYPTO = "/usr/lib/x86_64-linux-gnu/libcrypto.so.3";

    static final String MD5_AND_GCM = """
            #include <openssl/evp.h>
            #include <openssl/md5.h>
            #include <stdio.h>
            int main(int argc, char **argv) {
                MD5_CTX md; unsigned char digest[16];
                MD5_Init(&md); MD5_Update(&md, argv[0], 4); MD5_Final(digest, &md);
                const EVP_MD *legacy = EVP_md5();
                const EVP_CIPHER *aead = EVP_aes_256_gcm();
                printf("%d %p %p\\n", digest[0], (const void *) legacy, (const void *) aead);
                return argc;
            }
            """;

    @BeforeAll
    static void buildImage() throws Exception {
        Tools.require("openssl");
        Path root = DebianPackages.extract(tmp.resolve("deb"), "libssl3");
        md5tool = CBuild.exe(tmp, "gcc", "md5tool", MD5_AND_GCM, "-Wno-deprecated-declarations", "-lcrypto");
        Tools.run(tmp, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa.key",
                "-out", "device.pem", "-subj", "/CN=infusion-pump.example/O=Device Maker", "-days", "730");
        Tools.run(tmp, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ec.key", "-out", "ec.crt", "-subj", "/CN=telemetry.example", "-days", "90");
        rsaCert = x509(tmp.resolve("device.pem"));
        ecCert = x509(tmp.resolve("ec.crt"));
        List<Artifact> artifacts = new ArrayList<>();
        artifacts.add(file(LIBCRYPTO, root.resolve(LIBCRYPTO.substring(1))));
        artifacts.add(file("/usr/bin/md5tool", md5tool));
        artifacts.add(file("/etc/ssl/certs/device.pem", tmp.resolve("device.pem")));
        // the same certificate a second time: one asset, two locations
        artifacts.add(file("/opt/app/tls/device.pem", tmp.resolve("device.pem")));
        artifacts.add(file("/etc/telemetry/ec.crt", tmp.resolve("ec.crt")));
        image = new Image("rootfs", artifacts, ScanSettings.defaults().withNow(Instant.parse("2026-01-01T00:00:00Z")));
        cbom = CryptoBomBuilder.of(image);
    }

    private static Artifact file(String imagePath, Path host) throws IOException {
        return Artifact.ofFile("", imagePath, FileMeta.of(EntryKind.FILE, 0755, 0, 0), host);
    }

    private static X509Certificate x509(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static CryptoAsset asset(String ref) {
        return cbom.assets().stream().filter(a -> a.ref().equals(ref)).findFirst()
                .orElseThrow(() -> new AssertionError("no asset " + ref + " in " + refs()));
    }

    private static List<String> refs() {
        return cbom.assets().stream().map(CryptoAsset::ref).toList();
    }

    @Test
    void of_binaryImportingMd5AndGcm_exactAlgorithmsWithUsersAndProvider() {
        assertThat(cbom.assets().stream().filter(a -> a instanceof CryptoAsset.Algorithm).map(CryptoAsset::name))
                .containsExactly("AES-256-GCM", "EC-secp256r1", "MD5", "RSA-2048", "SHA256withECDSA",
                        "SHA256withRSA");
        CryptoAsset.Algorithm md5 = (CryptoAsset.Algorithm) asset("crypto:algorithm:MD5");
        assertThat(md5.primitive()).isEqualTo(CryptoAsset.Primitive.HASH);
        assertThat(md5.oid()).contains("1.2.840.113549.2.5");
        assertThat(md5.parameterSetIdentifier()).contains("128");
        assertThat(md5.nistQuantumSecurityLevel()).hasValue(0);
        assertThat(md5.functions()).containsExactly(CryptoAsset.Function.DIGEST);
        assertThat(md5.implementationPlatform()).contains("x86_64");
        assertThat(md5.locations()).containsExactly("/usr/bin/md5tool");
        assertThat(md5.properties()).containsEntry("medsec:symbols", "EVP_md5 MD5_Final MD5_Init MD5_Update")
                .containsEntry("medsec:policy", "not-approved");
        CryptoAsset.Algorithm gcm = (CryptoAsset.Algorithm) asset("crypto:algorithm:AES-256-GCM");
        assertThat(gcm.primitive()).isEqualTo(CryptoAsset.Primitive.AE);
        assertThat(gcm.mode()).contains("gcm");
        assertThat(gcm.parameterSetIdentifier()).contains("256");
        assertThat(gcm.nistQuantumSecurityLevel()).hasValue(5);
        assertThat(gcm.oid()).contains("2.16.840.1.101.3.4.1.46");
        assertThat(gcm.properties()).containsEntry("medsec:policy", "approved");

        assertThat(cbom.providers()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("OpenSSL libcrypto");
            assertThat(p.path()).isEqualTo(LIBCRYPTO);
            assertThat(p.provides()).containsExactly("crypto:algorithm:AES-256-GCM", "crypto:algorithm:MD5");
        });
        assertThat(cbom.users()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("/usr/bin/md5tool");
            assertThat(u.assetRefs()).containsExactlyInAnyOrder("crypto:algorithm:AES-256-GCM", "crypto:algorithm:MD5");
            assertThat(u.libraryPaths()).containsExactly(LIBCRYPTO);
        });
    }

    @Test
    void of_certificates_subjectValidityKeysAndSignatureAsOpensslMadeThem() throws Exception {
        CryptoAsset.Certificate rsa = cbom.assets().stream().filter(a -> a instanceof CryptoAsset.Certificate)
                .map(a -> (CryptoAsset.Certificate) a).filter(c -> c.subjectName().contains("infusion-pump"))
                .findFirst().orElseThrow();
        assertThat(rsa.subjectName()).isEqualTo("CN=infusion-pump.example,O=Device Maker");
        assertThat(rsa.issuerName()).isEqualTo(rsa.subjectName());
        assertThat(rsa.notValidBefore()).isEqualTo(rsaCert.getNotBefore().toInstant());
        assertThat(rsa.notValidAfter()).isEqualTo(rsaCert.getNotAfter().toInstant());
        assertThat(rsa.signatureAlgorithmRef()).isEqualTo("crypto:algorithm:SHA256withRSA");
        assertThat(rsa.certificateFormat()).isEqualTo("X.509");
        assertThat(rsa.certificateExtension()).isEqualTo("pem");
        assertThat(rsa.locations()).containsExactly("/etc/ssl/certs/device.pem", "/opt/app/tls/device.pem");
        assertThat(rsa.properties()).containsEntry("medsec:trustStore", "true").containsEntry("medsec:ca", "true")
                .containsEntry("medsec:sha256", sha256(tmp.resolve("device.pem")));
        CryptoAsset.PublicKey rsaKey = (CryptoAsset.PublicKey) asset(rsa.subjectPublicKeyRef());
        assertThat(rsaKey.size()).isEqualTo(2048);
        assertThat(rsaKey.algorithmRef()).isEqualTo("crypto:algorithm:RSA-2048");
        assertThat(rsaKey.oid()).contains("1.2.840.113549.1.1.1");
        assertThat(((CryptoAsset.Algorithm) asset("crypto:algorithm:SHA256withRSA")).oid())
                .contains("1.2.840.113549.1.1.11");

        CryptoAsset.Certificate ec = cbom.assets().stream().filter(a -> a instanceof CryptoAsset.Certificate)
                .map(a -> (CryptoAsset.Certificate) a).filter(c -> c.subjectName().equals("CN=telemetry.example"))
                .findFirst().orElseThrow();
        assertThat(ec.notValidAfter()).isEqualTo(ecCert.getNotAfter().toInstant());
        assertThat(ec.certificateExtension()).isEqualTo("crt");
        assertThat(ec.properties()).doesNotContainKey("medsec:trustStore");
        assertThat(ec.signatureAlgorithmRef()).isEqualTo("crypto:algorithm:SHA256withECDSA");
        CryptoAsset.PublicKey ecKey = (CryptoAsset.PublicKey) asset(ec.subjectPublicKeyRef());
        assertThat(ecKey.size()).isEqualTo(256);
        CryptoAsset.Algorithm curve = (CryptoAsset.Algorithm) asset(ecKey.algorithmRef());
        assertThat(curve.curve()).contains("secp256r1");
        assertThat(curve.oid()).contains("1.2.840.10045.2.1");
        // a certificate's algorithms are named by it, not executed by the image's software
        assertThat(curve.executionEnvironment()).isEmpty();
        assertThat(cbom.assets()).filteredOn(a -> a instanceof CryptoAsset.Certificate).hasSize(2);
        assertThat(cbom.assets()).filteredOn(a -> a instanceof CryptoAsset.PublicKey).hasSize(2);
    }

    @Test
    void of_weakPrimitiveFindings_everyReportedSymbolIsAnAlgorithmAssetOfThatBinary() throws IOException {
        var r = CheckTester.of(new ElfWeakPrimitives(), Files.createDirectories(tmp.resolve("weak")))
                .file("/usr/bin/md5tool", md5tool)
                .expect("/usr/bin/md5tool", f -> f.evidence().get("family").equals("MD5")).run();
        AlgorithmTable table = AlgorithmTable.builtIn();
        for (Finding f : r.findings()) {
            @SuppressWarnings("unchecked")
            List<String> symbols = (List<String>) f.evidence().get("symbols");
            assertThat(symbols).isNotEmpty();
            for (String s : symbols) {
                String ref = "crypto:algorithm:" + table.lookup(s).orElseThrow().algorithm().name();
                assertThat(asset(ref).locations()).contains(f.path());
            }
        }
    }

    @Test
    void writeCycloneDx_cbom_validAgainstSchema16WithProvidesAndDependsOn() throws Exception {
        Path out = tmp.resolve("bom.json");
        SbomWriter.writeCycloneDx(image, List.of(), cbom, out);
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(out.toFile());
        Set<String> assets = new TreeSet<>();
        for (JsonNode c : bom.path("components")) {
            if (c.path("type").asText().equals("cryptographic-asset")) {
                assets.add(c.path("cryptoProperties").path("assetType").asText() + " " + c.path("name").asText());
            }
        }
        assertThat(assets).containsExactly("algorithm AES-256-GCM", "algorithm EC-secp256r1", "algorithm MD5",
                "algorithm RSA-2048", "algorithm SHA256withECDSA", "algorithm SHA256withRSA",
                "certificate CN=infusion-pump.example,O=Device Maker", "certificate CN=telemetry.example",
                "related-crypto-material EC-secp256r1 public key of CN=telemetry.example",
                "related-crypto-material RSA-2048 public key of CN=infusion-pump.example,O=Device Maker");
        JsonNode lib = dependency(bom, "crypto-library:" + LIBCRYPTO);
        assertThat(texts(lib.path("provides"))).containsExactly("crypto:algorithm:AES-256-GCM", "crypto:algorithm:MD5");
        JsonNode user = dependency(bom, "file:/usr/bin/md5tool");
        assertThat(texts(user.path("dependsOn"))).containsExactly("crypto-library:" + LIBCRYPTO,
                "crypto:algorithm:AES-256-GCM", "crypto:algorithm:MD5");
        JsonNode md5 = component(bom, "crypto:algorithm:MD5");
        assertThat(md5.path("cryptoProperties").path("oid").asText()).isEqualTo("1.2.840.113549.2.5");
        assertThat(md5.path("cryptoProperties").path("algorithmProperties").path("primitive").asText())
                .isEqualTo("hash");
        assertThat(md5.path("evidence").path("occurrences").get(0).path("location").asText())
                .isEqualTo("/usr/bin/md5tool");
        JsonNode key = component(bom, "crypto:public-key:" + sha256(tmp.resolve("device.pem")));
        assertThat(key.path("cryptoProperties").path("relatedCryptoMaterialProperties").path("size").asInt())
                .isEqualTo(2048);
    }

    @Test
    void of_imageWithoutCrypto_noCryptographicAssets() throws Exception {
        Path hello = CBuild.exe(Files.createDirectories(tmp.resolve("plain")), "gcc", "hello",
                "#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n");
        Path hostname = Files.writeString(tmp.resolve("hostname"), "device\n");
        Image plain = new Image("plain", List.of(file("/usr/bin/hello", hello), file("/etc/hostname", hostname)),
                ScanSettings.defaults());
        CryptoBom none = CryptoBomBuilder.of(plain);
        assertThat(none.isEmpty()).isTrue();
        Path out = tmp.resolve("plain.json");
        SbomWriter.writeCycloneDx(plain, List.of(), none, out);
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_16)).isEmpty();
        JsonNode bom = new ObjectMapper().readTree(out.toFile());
        for (JsonNode c : bom.path("components")) {
            assertThat(c.path("type").asText()).isNotEqualTo("cryptographic-asset");
        }
        assertThat(bom.has("dependencies")).isFalse();
    }

    @Test
    void of_tlsAndSshServerConfigs_oneProtocolAssetPerEnabledVersion() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("configs"));
        // Debian bookworm's nginx.conf line, an OpenSSL system policy and an sshd_config with a cipher list
        Path nginx = Files.writeString(dir.resolve("nginx.conf"), "http {\n"
                + "\tssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3; # Dropping SSLv3, ref: POODLE\n"
                + "\tssl_prefer_server_ciphers on;\n}\n");
        Path openssl = Files.writeString(dir.resolve("openssl.cnf"), "[system_default_sect]\n"
                + "MinProtocol = TLSv1.2\nCipherString = DEFAULT:@SECLEVEL=2\n");
        Path sshd = Files.writeString(dir.resolve("sshd_config"), "Include /etc/ssh/sshd_config.d/*.conf\n"
                + "PermitRootLogin no\nCiphers aes256-gcm@openssh.com,aes128-ctr\n");
        Image configs = new Image("configs", List.of(file("/etc/nginx/nginx.conf", nginx),
                file("/etc/ssl/openssl.cnf", openssl), file("/etc/ssh/sshd_config", sshd)), ScanSettings.defaults());
        CryptoBom protocols = CryptoBomBuilder.of(configs);
        assertThat(protocols.assets()).allMatch(a -> a instanceof CryptoAsset.Protocol);
        assertThat(protocols.assets().stream().map(a -> a.name() + " " + a.locations()))
                .containsExactly("TLS 1.0 [/etc/nginx/nginx.conf]", "TLS 1.1 [/etc/nginx/nginx.conf]",
                        "TLS 1.2 [/etc/nginx/nginx.conf, /etc/ssl/openssl.cnf]",
                        "TLS 1.3 [/etc/nginx/nginx.conf, /etc/ssl/openssl.cnf]", "SSH 2.0 [/etc/ssh/sshd_config]");
        CryptoAsset.Protocol tls10 = (CryptoAsset.Protocol) protocols.assets().get(0);
        assertThat(tls10.type()).isEqualTo("tls");
        assertThat(tls10.version()).contains("1.0");
        assertThat(tls10.properties()).containsEntry("medsec:policy", "disallowed").containsEntry("medsec:configuredBy",
                "/etc/nginx/nginx.conf:2 ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3");
        CryptoAsset.Protocol tls12 = (CryptoAsset.Protocol) protocols.assets().get(2);
        assertThat(tls12.properties()).containsEntry("medsec:policy", "approved")
                .containsEntry("medsec:cipherString", "DEFAULT:@SECLEVEL=2");
        assertThat(protocols.assets().get(4).properties()).containsEntry("medsec:configuredBy",
                "/etc/ssh/sshd_config:3 ciphers aes256-gcm@openssh.com,aes128-ctr");
        Path out = tmp.resolve("protocols.json");
        SbomWriter.writeCycloneDx(configs, List.of(), protocols, out);
        assertThat(new JsonParser().validate(out.toFile(), Version.VERSION_16)).isEmpty();
        assertThat(new ObjectMapper().readTree(out.toFile()).path("components").get(0).path("cryptoProperties")
                .path("protocolProperties").path("version").asText()).isEqualTo("1.0");
    }

    @Test
    void of_javaWeakCryptoFindings_algorithmAssetsWithTheClassAsUser() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("java"));
        Path cls = Javac.compile(dir, "Legacy", """
                import javax.crypto.*; import java.security.*;
                public class Legacy {
                  Cipher c() throws Exception { return Cipher.getInstance("DESede/CBC/PKCS5Padding"); }
                  Cipher g() throws Exception { return Cipher.getInstance("AES/GCM/NoPadding"); }
                  MessageDigest d() throws Exception { return MessageDigest.getInstance("SHA1"); }
                  Signature s() throws Exception { return Signature.getInstance("MD5withRSA"); }
                }
                """);
        List<Finding> findings = new ArrayList<>();
        for (var check : List.of(new JavaWeakCipher(), new JavaWeakDigest(), new JavaWeakSignature())) {
            findings.addAll(CheckTester.of(check, Files.createDirectories(dir.resolve(check.getClass().getSimpleName())))
                    .file("/opt/app/Legacy.class", cls).expect("/opt/app/Legacy.class").run().findings());
        }
        Image app = new Image("app", List.of(file("/opt/app/Legacy.class", cls)), ScanSettings.defaults());
        assertThat(CryptoBomBuilder.of(app).isEmpty()).as("bytecode is seen only through the checks").isTrue();
        CryptoBom java = CryptoBomBuilder.of(app, findings);
        assertThat(java.assets().stream().map(a -> a.name() + " " + a.locations()))
                .containsExactly("3DES-CBC [/opt/app/Legacy.class]", "MD5withRSA [/opt/app/Legacy.class]",
                        "SHA-1 [/opt/app/Legacy.class]");
        CryptoAsset.Algorithm des = (CryptoAsset.Algorithm) java.assets().get(0);
        assertThat(des.oid()).contains("1.2.840.113549.3.7");
        assertThat(des.implementationPlatform()).contains("generic");
        assertThat(des.properties()).containsEntry("medsec:jcaNames", "DESede/CBC/PKCS5Padding")
                .containsEntry("medsec:policy", "disallowed");
        assertThat(java.users()).singleElement().satisfies(u -> {
            assertThat(u.path()).isEqualTo("/opt/app/Legacy.class");
            assertThat(u.assetRefs()).containsExactly("crypto:algorithm:3DES-CBC", "crypto:algorithm:MD5withRSA",
                    "crypto:algorithm:SHA-1");
        });
        assertThat(JavaAlgorithms.cipher("PBEWithMD5AndDES")).contains("DES-CBC");
        assertThat(JavaAlgorithms.cipher("AES")).contains("AES-ECB");
        assertThat(JavaAlgorithms.cipher("ARCFOUR")).contains("RC4");
        assertThat(JavaAlgorithms.cipher("RSA/ECB/PKCS1Padding")).contains("RSAES-PKCS1-v1_5");
    }

    @Test
    void of_homemadeCryptoFinding_ownAssetNotTheLibrarysWithTheBinaryAsUser() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("homemade"));
        try (InputStream in = HomemadeCrypto.class.getResourceAsStream("c/xtea.c")) {
            Files.copy(in, dir.resolve("xtea.c"));
        }
        Tools.run(dir, "gcc", "-O2", "-o", "xtea", "xtea.c");
        List<Finding> findings = CheckTester.of(new HomemadeCrypto(), Files.createDirectories(dir.resolve("t")))
                .file("/usr/bin/xtea", dir.resolve("xtea"))
                .expect("/usr/bin/xtea", f -> "TEA/XTEA".equals(f.evidence().get("primitive"))).run().findings();
        Image img = new Image("fw", List.of(file("/usr/bin/xtea", dir.resolve("xtea"))), ScanSettings.defaults());
        CryptoBom withFindings = CryptoBomBuilder.of(img, findings);
        assertThat(withFindings.assets()).singleElement().satisfies(a -> {
            CryptoAsset.Algorithm tea = (CryptoAsset.Algorithm) a;
            assertThat(tea.ref()).isEqualTo("crypto:algorithm:TEA/XTEA-home-made");
            assertThat(tea.name()).isEqualTo("TEA/XTEA (home-made)");
            assertThat(tea.primitive()).isEqualTo(CryptoAsset.Primitive.BLOCK_CIPHER);
            assertThat(tea.locations()).containsExactly("/usr/bin/xtea");
            assertThat(tea.properties()).containsEntry("medsec:policy", "not-approved")
                    .hasEntrySatisfying("medsec:constantTables", t -> assertThat(t).startsWith("/usr/bin/xtea: "));
        });
        assertThat(withFindings.users()).singleElement().satisfies(u ->
                assertThat(u.assetRefs()).containsExactly("crypto:algorithm:TEA/XTEA-home-made"));
    }

    @Test
    void symbolTable_everyWeakPrimitiveSymbol_mapsToAnAlgorithm() throws Exception {
        AlgorithmTable table = AlgorithmTable.builtIn();
        List<String> missing = new ArrayList<>();
        try (InputStream in = ElfWeakPrimitives.class.getResourceAsStream("elf/weak-crypto-symbols.tsv")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String symbol = line.split("\t")[2];
                if (table.lookup(symbol).isEmpty()) {
                    missing.add(symbol);
                }
            }
        }
        assertThat(missing).isEmpty();
        assertThat(table.lookup("EVP_des_ede3_cbc@OPENSSL_3.0.0").orElseThrow().algorithm().name())
                .isEqualTo("3DES-CBC");
        assertThat(table.lookup("EVP_des_ede_cbc").orElseThrow().algorithm().name()).isEqualTo("3DES");
        assertThat(table.lookup("DES_set_key").orElseThrow().algorithm().name()).isEqualTo("DES");
        assertThat(table.lookup("printf")).isEmpty();
    }

    private static String sha256(Path pem) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(x509(pem).getEncoded()));
    }

    private static JsonNode dependency(JsonNode bom, String ref) {
        for (JsonNode d : bom.path("dependencies")) {
            if (d.path("ref").asText().equals(ref)) {
                return d;
            }
        }
        throw new AssertionError("no dependency entry for " + ref + " in " + bom.path("dependencies"));
    }

    private static JsonNode component(JsonNode bom, String ref) {
        for (JsonNode c : bom.path("components")) {
            if (c.path("bom-ref").asText().equals(ref)) {
                return c;
            }
        }
        throw new AssertionError("no component " + ref);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
