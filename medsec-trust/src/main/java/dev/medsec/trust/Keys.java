package dev.medsec.trust;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Opens the private key a {@link KeyRef} names. */
public final class Keys {
    /** SoftHSM and real HSMs expose few slots; the probe for {@code token=} stops here. */
    private static final int MAX_SLOTS = 64;
    private static final long MAX_PIN_FILE_BYTES = 4096;

    private Keys() {
    }

    public static PrivateKeyHandle open(KeyRef ref, PasswordSource passwords) throws KeyAccessException {
        if (ref instanceof KeyRef.Pkcs12) {
            return openPkcs12(((KeyRef.Pkcs12) ref).path(), passwords);
        }
        return openPkcs11(((KeyRef.Pkcs11) ref).uri(), passwords);
    }

    private static PrivateKeyHandle openPkcs12(Path file, PasswordSource passwords) throws KeyAccessException {
        if (!Files.isRegularFile(file)) {
            throw new KeyAccessException(file + ": no such key store file");
        }
        char[] password = passwords.password("password for " + file.getFileName());
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.size() != 1) {
                throw new KeyAccessException(file + ": holds " + keyAliases.size() + " private keys, expected exactly one");
            }
            String alias = keyAliases.get(0);
            Key key = ks.getKey(alias, password);
            if (!(key instanceof PrivateKey)) {
                throw new KeyAccessException(file + ": entry " + alias + " is not a private key");
            }
            List<X509Certificate> chain = chain(ks.getCertificateChain(alias));
            if (chain.isEmpty()) {
                throw new KeyAccessException(file + ": the private key has no certificate");
            }
            return new PrivateKeyHandle(toBouncyCastle((PrivateKey) key), chain, Providers.BC, false);
        } catch (IOException e) {
            // The JDK reports a wrong password as an IOException whose cause is UnrecoverableKeyException.
            throw new KeyAccessException(file + ": cannot open PKCS#12 (wrong password or not a PKCS#12 file)", e);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException(file + ": cannot read the key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Software keys are re-created in BouncyCastle so the same provider signs, verifies and decrypts. */
    private static PrivateKey toBouncyCastle(PrivateKey key) throws GeneralSecurityException {
        byte[] enc = key.getEncoded();
        if (enc == null) {
            return key;
        }
        try {
            String alg = key.getAlgorithm();
            if (alg.equals("EdDSA")) {
                alg = "Ed25519";
            }
            return KeyFactory.getInstance(alg, Providers.BC).generatePrivate(new PKCS8EncodedKeySpec(enc));
        } finally {
            Arrays.fill(enc, (byte) 0);
        }
    }

    private static PrivateKeyHandle openPkcs11(Pkcs11Uri uri, PasswordSource passwords) throws KeyAccessException {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KeyAccessException("this Java runtime has no SunPKCS11 provider");
        }
        if (!Files.isRegularFile(uri.modulePath())) {
            throw new KeyAccessException("PKCS#11 module " + uri.modulePath() + " not found");
        }
        char[] pin = uri.pinSource().isPresent() ? readPin(uri.pinSource().get())
                : passwords.password("PIN for token " + uri.token().orElse("in slot " + uri.slotId().orElse(-1L)));
        try {
            String object = uri.object().orElseThrow();
            if (uri.slotId().isPresent()) {
                Provider p = configure(base, uri, "slot = " + uri.slotId().get());
                KeyStore ks = login(p, pin, uri);
                return entry(ks, object, p, uri);
            }
            // SunPKCS11 cannot select a slot by token label: probe the slots in order and take the first one
            // whose login succeeds and that holds the object. Use slot-id when a module has several tokens
            // whose PIN retry counters must not be touched.
            int loggedIn = 0;
            KeyAccessException lastLogin = null;
            for (int i = 0; i < MAX_SLOTS; i++) {
                Provider p;
                try {
                    p = configure(base, uri, "slotListIndex = " + i);
                } catch (KeyAccessException e) {
                    break;
                }
                KeyStore ks;
                try {
                    ks = login(p, pin, uri);
                } catch (KeyAccessException e) {
                    lastLogin = e;
                    continue;
                }
                loggedIn++;
                if (ks.containsAlias(object) && ks.isKeyEntry(object)) {
                    return entry(ks, object, p, uri);
                }
            }
            String token = uri.token().map(t -> "token " + t).orElse("the token");
            if (loggedIn == 0) {
                // nothing accepted the PIN: say that, not "object not found"
                throw lastLogin != null ? lastLogin : new KeyAccessException("PKCS#11: no slot of " + uri.modulePath());
            }
            throw new KeyAccessException("PKCS#11: " + token + " accepted the PIN but has " + missingObject(object));
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("PKCS#11: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    private static Provider configure(Provider base, Pkcs11Uri uri, String slotLine) throws KeyAccessException {
        String name = "medsec-" + Integer.toHexString(uri.toString().hashCode()) + "-" + slotLine.replaceAll("[^0-9]", "");
        String config = "--name = " + name + "\n"
                + "library = \"" + uri.modulePath().toAbsolutePath() + "\"\n"
                + slotLine + "\n";
        try {
            return base.configure(config);
        } catch (ProviderException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new KeyAccessException("PKCS#11 module " + uri.modulePath() + ": " + e.getMessage(), e);
        }
    }


    private static KeyStore login(Provider p, char[] pin, Pkcs11Uri uri) throws KeyAccessException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", p);
            ks.load(null, pin);
            return ks;
        } catch (IOException | GeneralSecurityException | ProviderException e) {
            String code = pkcs11Code(e);
            if (code.contains("PIN_INCORRECT")) {
                throw new KeyAccessException("PKCS#11 login failed: wrong PIN (CKR_PIN_INCORRECT)", e);
            }
            if (code.contains("PIN_LOCKED")) {
                throw new KeyAccessException("PKCS#11 login failed: the PIN is locked (CKR_PIN_LOCKED)", e);
            }
            throw new KeyAccessException("PKCS#11 login failed" + (code.isEmpty() ? " (token not initialised?)" : " (" + code + ")"), e);
        }
    }

    /** The CKR_ code a PKCS#11 failure carries somewhere in its causes, or "". */
    private static String pkcs11Code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null) {
                java.util.regex.Matcher c = java.util.regex.Pattern.compile("CKR_[A-Z_]+").matcher(m);
                if (c.find()) {
                    return c.group();
                }
            }
        }
        return "";
    }

    /**
     * The Java PKCS#11 provider sees a private key only together with a certificate of the same CKA_ID in the
     * token: a key generated inside the token whose certificate lives outside is invisible to it.
     */
    private static String missingObject(String object) {
        return "no private key labelled " + object + " with its certificate in the token (a key generated in the "
                + "token needs its certificate imported beside it, same id: pkcs11-tool --login --write-object "
                + "CERT.der --type cert --id ID --label " + object + ")";
    }

    private static PrivateKeyHandle entry(KeyStore ks, String object, Provider p, Pkcs11Uri uri) throws GeneralSecurityException, KeyAccessException {
        if (!ks.containsAlias(object) || !ks.isKeyEntry(object)) {
            throw new KeyAccessException("PKCS#11: " + uri.token().orElse("the token") + " has " + missingObject(object));
        }
        Key key = ks.getKey(object, null);
        if (!(key instanceof PrivateKey)) {
            throw new KeyAccessException("PKCS#11: object " + object + " is not a private key");
        }
        List<X509Certificate> chain = chain(ks.getCertificateChain(object));
        if (chain.isEmpty()) {
            throw new KeyAccessException("PKCS#11: object " + object + " has no certificate in the token");
        }
        return new PrivateKeyHandle((PrivateKey) key, chain, p, true);
    }

    private static List<X509Certificate> chain(Certificate[] certs) {
        List<X509Certificate> out = new ArrayList<>();
        if (certs != null) {
            for (Certificate c : certs) {
                if (c instanceof X509Certificate) {
                    out.add((X509Certificate) c);
                }
            }
        }
        return out;
    }

    private static char[] readPin(Path file) throws KeyAccessException {
        try {
            if (Files.size(file) > MAX_PIN_FILE_BYTES) {
                throw new KeyAccessException("PIN file " + file + " is too large");
            }
            return firstLine(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new KeyAccessException("cannot read PIN file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first line of a password or PIN file, without its line ending; the byte buffer is cleared. */
    public static char[] firstLine(byte[] data) {
        try {
            int end = 0;
            while (end < data.length && data[end] != '\n' && data[end] != '\r') {
                end++;
            }
            java.nio.CharBuffer cb = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(data, 0, end));
            char[] out = new char[cb.remaining()];
            cb.get(out);
            if (cb.hasArray()) {
                Arrays.fill(cb.array(), '\0');
            }
            return out;
        } finally {
            Arrays.fill(data, (byte) 0);
        }
    }
}
