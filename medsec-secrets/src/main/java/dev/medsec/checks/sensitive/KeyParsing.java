package dev.medsec.checks.sensitive;

import dev.medsec.checks.sensitive.PrivateKeyInfoSummary.Encrypted;
import dev.medsec.checks.sensitive.PrivateKeyInfoSummary.Protection;
import dev.medsec.checks.sensitive.PrivateKeyInfoSummary.Unprotected;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.misc.MiscObjectIdentifiers;
import org.bouncycastle.asn1.misc.ScryptParams;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBEParameter;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DSAParameter;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.DSAPublicKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPrivateKeyUtil;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses private-key containers with BouncyCastle and describes them. A key "counts" only if it parses: text
 * that merely looks like a key (documentation, truncated blocks, random bytes) yields empty. Nothing here
 * decrypts anything; for encrypted keys the container's own parameters tell the KDF and cipher.
 */
public final class KeyParsing {
    /** Larger inputs are not keys; the bound keeps a hostile file from costing a large parse. */
    public static final int MAX_KEY_BYTES = 256 * 1024;

    private static final DefaultAlgorithmNameFinder NAMES = new DefaultAlgorithmNameFinder();
    private static final Set<String> WEAK_SSH_CIPHERS = Set.of("3des-cbc", "des-cbc", "arcfour", "arcfour128",
            "arcfour256", "blowfish-cbc", "cast128-cbc");
    /**
     * Below this a PBKDF2-protected key counts as weakly protected: NIST SP 800-63B (§5.1.1.2) asks for at least
     * 10,000 iterations; OpenSSL's default of 2,048 is below it, and a GPU tries a short passphrase quickly.
     */
    private static final int MIN_PBKDF2_ITERATIONS = 10_000;

    private KeyParsing() {
    }

    /** One PEM block, BEGIN line to END line. {@code label} is the word(s) between "BEGIN " and "-----". */
    public static Optional<PrivateKeyInfoSummary> parsePem(String label, String block) {
        if (block.length() > MAX_KEY_BYTES) {
            return Optional.empty();
        }
        try {
            if (label.equals("OPENSSH PRIVATE KEY")) {
                PemObject pem = new PemReader(new StringReader(block)).readPemObject();
                return pem == null ? Optional.empty() : parseOpenSsh(pem.getContent());
            }
            Object o = new PEMParser(new StringReader(block)).readObject();
            if (o instanceof PEMKeyPair kp) {
                PrivateKeyInfo pki = kp.getPrivateKeyInfo();
                String format = switch (label) {
                    case "RSA PRIVATE KEY" -> "PKCS#1";
                    case "EC PRIVATE KEY" -> "SEC1";
                    case "DSA PRIVATE KEY" -> "DSA (OpenSSL)";
                    default -> label;
                };
                return Optional.of(describe(format, pki).withDigest(digest(pki)));
            }
            if (o instanceof PrivateKeyInfo pki) {
                return Optional.of(describe("PKCS#8", pki).withDigest(digest(pki)));
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                return Optional.of(new PrivateKeyInfoSummary("PKCS#8 encrypted", "unknown", 0, Optional.empty(),
                        pkcs8Protection(enc.getEncryptionAlgorithm())));
            }
            if (o instanceof PEMEncryptedKeyPair legacy) {
                String type = label.replace(" PRIVATE KEY", "");
                // Traditional OpenSSL encryption derives the key with one MD5 round (EVP_BytesToKey): a
                // passphrase is brute-forced at hash speed, whatever the cipher.
                return Optional.of(new PrivateKeyInfoSummary("PEM legacy encrypted", type, 0, Optional.empty(),
                        new Encrypted("EVP_BytesToKey-MD5 (1 iteration)", legacy.getDekAlgName(), true,
                                "legacy PEM encryption (Proc-Type 4,ENCRYPTED): MD5-based key derivation, one iteration")));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A DER file that is a whole PKCS#8 (plain or encrypted), PKCS#1 RSA or SEC1 EC private key. */
    public static Optional<PrivateKeyInfoSummary> parseDer(byte[] der) {
        if (der.length == 0 || der.length > MAX_KEY_BYTES || der[0] != 0x30) {
            return Optional.empty();
        }
        try {
            ASN1Primitive prim = ASN1Primitive.fromByteArray(der);
            if (!(prim instanceof ASN1Sequence seq) || prim.getEncoded().length != der.length) {
                return Optional.empty();
            }
            int n = seq.size();
            ASN1Encodable first = n > 0 ? seq.getObjectAt(0) : null;
            if (n == 2 && first instanceof ASN1Sequence && seq.getObjectAt(1) instanceof ASN1OctetString) {
                EncryptedPrivateKeyInfo epki = EncryptedPrivateKeyInfo.getInstance(seq);
                return Optional.of(new PrivateKeyInfoSummary("PKCS#8 encrypted (DER)", "unknown", 0, Optional.empty(),
                        pkcs8Protection(epki.getEncryptionAlgorithm())));
            }
            if (!(first instanceof ASN1Integer version)) {
                return Optional.empty();
            }
            if (n >= 3 && seq.getObjectAt(1) instanceof ASN1Sequence && seq.getObjectAt(2) instanceof ASN1OctetString) {
                return Optional.of(describe("PKCS#8 (DER)", PrivateKeyInfo.getInstance(seq)));
            }
            if (n == 9 && version.hasValue(0)) {
                RSAPrivateKey rsa = RSAPrivateKey.getInstance(seq);
                return Optional.of(new PrivateKeyInfoSummary("PKCS#1 (DER)", "RSA", rsa.getModulus().bitLength(),
                        Optional.empty(), new Unprotected()));
            }
            if (n >= 2 && version.hasValue(1) && seq.getObjectAt(1) instanceof ASN1OctetString) {
                ECPrivateKey ec = ECPrivateKey.getInstance(seq);
                Optional<String> curve = Optional.empty();
                int bits = ec.getKey().bitLength();
                org.bouncycastle.asn1.ASN1Object params = ec.getParametersObject();
                if (params instanceof ASN1ObjectIdentifier oid) {
                    curve = Optional.ofNullable(ECNamedCurveTable.getName(oid));
                    X9ECParameters x9 = ECNamedCurveTable.getByOID(oid);
                    bits = x9 == null ? bits : x9.getCurve().getFieldSize();
                }
                return Optional.of(new PrivateKeyInfoSummary("SEC1 (DER)", "EC", bits, curve, new Unprotected()));
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SHA-256 (JCA) of the key's PKCS#8 DER encoding, hex. */
    static String digest(PrivateKeyInfo pki) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(pki.getEncoded("DER")));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** Describes a plain PKCS#8 structure; throws when the inner key does not parse. */
    static PrivateKeyInfoSummary describe(String format, PrivateKeyInfo pki) throws IOException {
        AlgorithmIdentifier alg = pki.getPrivateKeyAlgorithm();
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption) || oid.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
            RSAPrivateKey rsa = RSAPrivateKey.getInstance(pki.parsePrivateKey());
            return new PrivateKeyInfoSummary(format, oid.equals(PKCSObjectIdentifiers.rsaEncryption) ? "RSA" : "RSA-PSS",
                    rsa.getModulus().bitLength(), Optional.empty(), new Unprotected());
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            ECPrivateKey ec = ECPrivateKey.getInstance(pki.parsePrivateKey());
            X962Parameters params = X962Parameters.getInstance(alg.getParameters());
            Optional<String> curve = Optional.empty();
            int bits = ec.getKey().bitLength();
            if (params.isNamedCurve()) {
                ASN1ObjectIdentifier curveOid = ASN1ObjectIdentifier.getInstance(params.getParameters());
                curve = Optional.of(Optional.ofNullable(ECNamedCurveTable.getName(curveOid)).orElse(curveOid.getId()));
                X9ECParameters x9 = ECNamedCurveTable.getByOID(curveOid);
                if (x9 != null) {
                    bits = x9.getCurve().getFieldSize();
                }
            }
            return new PrivateKeyInfoSummary(format, "EC", bits, curve, new Unprotected());
        }
        if (oid.equals(X9ObjectIdentifiers.id_dsa)) {
            ASN1Integer.getInstance(pki.parsePrivateKey());
            BigInteger p = DSAParameter.getInstance(alg.getParameters()).getP();
            return new PrivateKeyInfoSummary(format, "DSA", p.bitLength(), Optional.empty(), new Unprotected());
        }
        String name;
        int bits;
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            name = "Ed25519";
            bits = 256;
        } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
            name = "Ed448";
            bits = 456;
        } else if (oid.equals(EdECObjectIdentifiers.id_X25519)) {
            name = "X25519";
            bits = 256;
        } else if (oid.equals(EdECObjectIdentifiers.id_X448)) {
            name = "X448";
            bits = 448;
        } else {
            pki.parsePrivateKey();
            return new PrivateKeyInfoSummary(format, NAMES.getAlgorithmName(oid), 0, Optional.empty(), new Unprotected());
        }
        ASN1OctetString.getInstance(pki.parsePrivateKey());
        return new PrivateKeyInfoSummary(format, name, bits, Optional.empty(), new Unprotected());
    }

    /** KDF and cipher of a PKCS#8 EncryptedPrivateKeyInfo, and whether they are weak. */
    static Protection pkcs8Protection(AlgorithmIdentifier alg) {
        ASN1ObjectIdentifier oid = alg.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.id_PBES2)) {
            PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
            ASN1ObjectIdentifier cipherOid = p.getEncryptionScheme().getAlgorithm();
            String cipher = NAMES.getAlgorithmName(cipherOid);
            boolean weakCipher = cipher.toUpperCase(Locale.ROOT).contains("DES") || cipher.toUpperCase(Locale.ROOT).contains("RC2");
            ASN1ObjectIdentifier kdfOid = p.getKeyDerivationFunc().getAlgorithm();
            if (kdfOid.equals(PKCSObjectIdentifiers.id_PBKDF2)) {
                PBKDF2Params kdf = PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters());
                String prf = kdf.isDefaultPrf() ? "HMAC-SHA1" : prfName(kdf.getPrf().getAlgorithm());
                BigInteger it = kdf.getIterationCount();
                boolean fewIterations = it.compareTo(BigInteger.valueOf(MIN_PBKDF2_ITERATIONS)) < 0;
                String why = weakCipher ? "obsolete cipher " + cipher
                        : fewIterations ? "PBKDF2 with " + it + " iterations, fewer than the " + MIN_PBKDF2_ITERATIONS
                        + " SP 800-63B asks for" : "";
                return new Encrypted("PBKDF2-" + prf + " (" + it + " iterations)", cipher, weakCipher || fewIterations, why);
            }
            if (kdfOid.equals(MiscObjectIdentifiers.id_scrypt)) {
                ScryptParams s = ScryptParams.getInstance(p.getKeyDerivationFunc().getParameters());
                return new Encrypted("scrypt (N=" + s.getCostParameter() + ", r=" + s.getBlockSize() + ", p="
                        + s.getParallelizationParameter() + ")", cipher, weakCipher, weakCipher ? "obsolete cipher " + cipher : "");
            }
            return new Encrypted(NAMES.getAlgorithmName(kdfOid), cipher, weakCipher, weakCipher ? "obsolete cipher " + cipher : "");
        }
        String name = NAMES.getAlgorithmName(oid);
        String iterations = "";
        if (oid.on(PKCSObjectIdentifiers.pkcs_5)) {
            try {
                iterations = " (" + PBEParameter.getInstance(alg.getParameters()).getIterationCount() + " iterations)";
            } catch (RuntimeException e) {
                iterations = "";
            }
        }
        // PBES1 (PKCS#5 v1.5) and the PKCS#12 PBE schemes: MD5/SHA-1 derivation with DES, 3DES, RC2 or RC4.
        return new Encrypted("PBES1 " + name + iterations, name, true,
                "PKCS#5 v1.5 / PKCS#12 password-based encryption (MD5 or SHA-1 with DES, 3DES, RC2 or RC4)");
    }

    private static String prfName(ASN1ObjectIdentifier oid) {
        if (oid.equals(PKCSObjectIdentifiers.id_hmacWithSHA256)) {
            return "HMAC-SHA256";
        }
        if (oid.equals(PKCSObjectIdentifiers.id_hmacWithSHA384)) {
            return "HMAC-SHA384";
        }
        if (oid.equals(PKCSObjectIdentifiers.id_hmacWithSHA512)) {
            return "HMAC-SHA512";
        }
        if (oid.equals(PKCSObjectIdentifiers.id_hmacWithSHA1)) {
            return "HMAC-SHA1";
        }
        return NAMES.getAlgorithmName(oid);
    }

    /**
     * The "openssh-key-v1" container (PROTOCOL.key in OpenSSH): magic, cipher name, KDF name, KDF options,
     * key count, public keys, private section. An unencrypted key must parse with BouncyCastle to count.
     */
    static Optional<PrivateKeyInfoSummary> parseOpenSsh(byte[] blob) throws IOException {
        SshReader r = new SshReader(blob);
        r.expectMagic("openssh-key-v1\0");
        String cipher = r.string();
        String kdf = r.string();
        byte[] kdfOptions = r.bytes();
        long count = r.uint32();
        if (count != 1) {
            return Optional.empty();
        }
        byte[] publicBlob = r.bytes();
        r.bytes();
        SshPublicKey pk = sshPublicKey(publicBlob);
        String algorithm = pk.algorithm();
        int bits = pk.bits();
        Optional<String> curve = pk.curve();
        if (cipher.equals("none")) {
            OpenSSHPrivateKeyUtil.parsePrivateKeyBlob(blob);
            return Optional.of(new PrivateKeyInfoSummary("OpenSSH", algorithm, bits, curve, new Unprotected()));
        }
        String kdfText = kdf;
        if (kdf.equals("bcrypt")) {
            SshReader o = new SshReader(kdfOptions);
            o.bytes();
            kdfText = "bcrypt (" + o.uint32() + " rounds)";
        }
        boolean weak = WEAK_SSH_CIPHERS.contains(cipher);
        return Optional.of(new PrivateKeyInfoSummary("OpenSSH encrypted", algorithm, bits, curve,
                new Encrypted(kdfText, cipher, weak, weak ? "obsolete cipher " + cipher : "")));
    }

    /** The type and size an SSH public-key blob (RFC 4253 wire format) names. */
    record SshPublicKey(String algorithm, int bits, Optional<String> curve) {
    }

    static SshPublicKey sshPublicKey(byte[] publicBlob) throws IOException {
        String keyType = new SshReader(publicBlob).string();
        AsymmetricKeyParameter pub;
        try {
            pub = OpenSSHPublicKeyUtil.parsePublicKey(publicBlob);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("SSH public key " + keyType + " does not parse: " + e.getMessage(), e);
        }
        if (pub instanceof RSAKeyParameters rsa) {
            return new SshPublicKey("RSA", rsa.getModulus().bitLength(), Optional.empty());
        } else if (pub instanceof ECPublicKeyParameters ec) {
            return new SshPublicKey("EC", ec.getParameters().getCurve().getFieldSize(),
                    Optional.of(keyType.replace("ecdsa-sha2-", "")));
        } else if (pub instanceof Ed25519PublicKeyParameters) {
            return new SshPublicKey("Ed25519", 256, Optional.empty());
        } else if (pub instanceof DSAPublicKeyParameters dsa) {
            return new SshPublicKey("DSA", dsa.getParameters().getP().bitLength(), Optional.empty());
        }
        return new SshPublicKey(keyType, 0, Optional.empty());
    }

    private static final java.util.regex.Pattern PPK_HEADER = java.util.regex.Pattern.compile("PuTTY-User-Key-File-([1-3]): (\\S+)");
    private static final int MAX_PPK_LINES = 4096;

    /**
     * A PuTTY private key (PPK v2 or v3, as puttygen writes it): "PuTTY-User-Key-File-N: type", Encryption,
     * Comment, Public-Lines with the SSH public blob, v3's Key-Derivation and Argon2 parameters, Private-Lines and
     * Private-MAC. The type and size come from the public blob; the private part is never decoded. Empty when the
     * text is not a complete PPK.
     */
    static Optional<PrivateKeyInfoSummary> parsePpk(String text) throws IOException {
        String[] lines = text.replace("\r", "").split("\n", MAX_PPK_LINES);
        java.util.regex.Matcher h = PPK_HEADER.matcher(lines[0].strip());
        if (!h.matches()) {
            return Optional.empty();
        }
        int version = Integer.parseInt(h.group(1));
        Map<String, String> fields = new java.util.HashMap<>();
        StringBuilder publicB64 = new StringBuilder();
        boolean mac = false;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int colon = l.indexOf(": ");
            if (colon <= 0) {
                continue;
            }
            String key = l.substring(0, colon);
            String value = l.substring(colon + 2).strip();
            if (key.equals("Public-Lines") || key.equals("Private-Lines")) {
                int n;
                try {
                    n = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    throw new IOException("PPK " + key + " is not a number: " + value);
                }
                if (n < 0 || i + n >= lines.length) {
                    throw new IOException("PPK " + key + " " + n + " runs past the end of the key");
                }
                if (key.equals("Public-Lines")) {
                    for (int j = 1; j <= n; j++) {
                        publicB64.append(lines[i + j].strip());
                    }
                }
                i += n;
            } else if (key.equals("Private-MAC")) {
                mac = true;
            } else {
                fields.put(key, value);
            }
        }
        if (!mac || publicB64.length() == 0) {
            return Optional.empty();
        }
        byte[] blob;
        try {
            blob = java.util.Base64.getDecoder().decode(publicB64.toString());
        } catch (IllegalArgumentException e) {
            throw new IOException("PPK public lines are not base64: " + e.getMessage(), e);
        }
        SshPublicKey pk = sshPublicKey(blob);
        String format = "PuTTY PPK v" + version;
        String encryption = fields.getOrDefault("Encryption", "none");
        if (encryption.equals("none")) {
            return Optional.of(new PrivateKeyInfoSummary(format, pk.algorithm(), pk.bits(), pk.curve(), new Unprotected()));
        }
        if (version >= 3) {
            String kdf = fields.getOrDefault("Key-Derivation", "Argon2?") + " (memory " + fields.getOrDefault("Argon2-Memory", "?")
                    + " KiB, " + fields.getOrDefault("Argon2-Passes", "?") + " passes, parallelism "
                    + fields.getOrDefault("Argon2-Parallelism", "?") + ")";
            return Optional.of(new PrivateKeyInfoSummary(format, pk.algorithm(), pk.bits(), pk.curve(),
                    new Encrypted(kdf, encryption, false, "")));
        }
        // PPK v2 (and v1): the cipher key is SHA-1 of a counter and the passphrase — no salt, no work factor
        return Optional.of(new PrivateKeyInfoSummary(format, pk.algorithm(), pk.bits(), pk.curve(),
                new Encrypted("SHA-1 of the passphrase (one round, no salt)", encryption, true,
                        "PPK v" + version + " derives the key from the passphrase with one unsalted SHA-1 round; "
                                + "re-save it as PPK v3 (Argon2)")));
    }

    /** Bounds-checked reader of SSH wire encoding (uint32 big-endian lengths). */
    private static final class SshReader {
        private final byte[] b;
        private int pos;

        SshReader(byte[] b) {
            this.b = b;
        }

        void expectMagic(String magic) throws IOException {
            byte[] m = magic.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            if (b.length < m.length) {
                throw new IOException("truncated OpenSSH key");
            }
            for (int i = 0; i < m.length; i++) {
                if (b[i] != m[i]) {
                    throw new IOException("not an openssh-key-v1 blob");
                }
            }
            pos = m.length;
        }

        long uint32() throws IOException {
            if (pos + 4 > b.length) {
                throw new IOException("truncated OpenSSH key");
            }
            long v = ((b[pos] & 0xffL) << 24) | ((b[pos + 1] & 0xffL) << 16) | ((b[pos + 2] & 0xffL) << 8) | (b[pos + 3] & 0xffL);
            pos += 4;
            return v;
        }

        byte[] bytes() throws IOException {
            long len = uint32();
            if (len > b.length - pos) {
                throw new IOException("OpenSSH key field length " + len + " beyond end");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) len);
            pos += (int) len;
            return out;
        }

        String string() throws IOException {
            return new String(bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
