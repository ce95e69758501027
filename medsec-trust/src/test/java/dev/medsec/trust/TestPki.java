package dev.medsec.trust;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * A small PKI made by the real openssl in a temporary folder: a root CA and end-entity keys with the key
 * usages a signer or a recipient needs. Each entity has NAME.key (PEM), NAME.pem and NAME.p12
 * (password {@link #PASSWORD}).
 */
final class TestPki {
    static final String PASSWORD = "correct horse battery staple";
    static final String EXTENSIONS = String.join("\n",
            "[signer]",
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature",
            "extendedKeyUsage=codeSigning",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid",
            "[nodigsig]",
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,keyEncipherment",
            "[serverauth]",
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature",
            "extendedKeyUsage=serverAuth",
            "[rsarecipient]",
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,keyEncipherment",
            "subjectKeyIdentifier=hash",
            "[ecrecipient]",
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,keyAgreement",
            "subjectKeyIdentifier=hash",
            "[tokenkey]",
            "basicConstraints=CA:FALSE",
            "keyUsage=critical,digitalSignature,keyEncipherment",
            "extendedKeyUsage=codeSigning",
            "subjectKeyIdentifier=hash",
            "[subca]",
            "basicConstraints=critical,CA:TRUE",
            "keyUsage=critical,keyCertSign,cRLSign",
            "subjectKeyIdentifier=hash",
            "authorityKeyIdentifier=keyid",
            "");

    final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Creates the root CA "Test Root CA" (RSA 3072). */
    static TestPki create(Path dir) throws IOException {
        Tools.require("openssl");
        Files.writeString(dir.resolve("ext.cnf"), EXTENSIONS);
        Tools.sh(dir, "openssl req -x509 -newkey rsa:3072 -nodes -keyout ca.key -out ca.pem -days 3650"
                + " -subj '/O=Medsec Test/CN=Test Root CA' -addext 'basicConstraints=critical,CA:TRUE'"
                + " -addext 'keyUsage=critical,keyCertSign,cRLSign' 2>&1");
        return new TestPki(dir);
    }

    /**
     * Issues NAME with a key made by openssl: keySpec is "rsa:3072", "ec:P-256", "ec:P-384", "ed25519", or
     * "key:OTHER" to certify OTHER's existing key again.
     * The issuer is the root CA unless another entity name is given; extra holds openssl x509 options.
     */
    TestPki issue(String name, String keySpec, String section, String issuer, String extra) {
        String keyOpt;
        if (keySpec.startsWith("key:")) {
            // Reuse another entity's key: a new certificate for it costs no key generation.
            keyOpt = "-key " + keySpec.substring(4) + ".key";
        } else if (keySpec.startsWith("ec:")) {
            keyOpt = "-newkey ec -pkeyopt ec_paramgen_curve:" + keySpec.substring(3);
        } else if (keySpec.equals("ed25519")) {
            keyOpt = "-newkey ed25519";
        } else {
            keyOpt = "-newkey " + keySpec;
        }
        String keyOut = keySpec.startsWith("key:") ? "" : " -nodes -keyout " + name + ".key";
        Tools.sh(dir, "openssl req -new " + keyOpt + keyOut + " -out " + name + ".csr"
                + " -subj '/O=Medsec Test/CN=" + name + "' 2>&1");
        Tools.sh(dir, "openssl x509 -req -in " + name + ".csr -CA " + issuer + ".pem -CAkey " + issuer + ".key"
                + " -set_serial 0x" + Long.toHexString(System.nanoTime()) + " -days 365 -extfile ext.cnf -extensions " + section
                + " " + extra + " -out " + name + ".pem 2>&1");
        String keyFile = keySpec.startsWith("key:") ? keySpec.substring(4) : name;
        Tools.sh(dir, "openssl pkcs12 -export -inkey " + keyFile + ".key -in " + name + ".pem -name " + name
                + " -out " + name + ".p12 -passout 'pass:" + PASSWORD + "' 2>&1");
        return this;
    }

    TestPki issue(String name, String keySpec, String section) {
        return issue(name, keySpec, section, "ca", "");
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    X509Certificate cert(String name) throws MalformedTrustDataException {
        return Certificates.read(dir.resolve(name + ".pem")).get(0);
    }

    X509Certificate root() throws MalformedTrustDataException {
        return cert("ca");
    }

    PrivateKeyHandle key(String name) throws KeyAccessException {
        return Keys.open(new KeyRef.Pkcs12(dir.resolve(name + ".p12")), what -> PASSWORD.toCharArray());
    }

    DetachedVerifier verifier() throws MalformedTrustDataException, KeyAccessException {
        return DetachedVerifier.builder().trustAnchor(root()).build();
    }
}
