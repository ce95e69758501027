package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * PKCS#12 files and Java keystores whose private keys open with an empty or well-known password ("changeit",
 * "password"...): anyone who copies the file has the key. Trust stores (certificates only, like the JDK's
 * cacerts with "changeit") are not findings: they hold no secret.
 */
@CheckInfo(id = "sensitive.keystore-trivial-password", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {521, 321},
        summary = "Keystore holds a private key protected by an empty or default password",
        remediation = "Move the key into a secure element, TPM or PKCS#11 token. If a software keystore is unavoidable, "
                + "protect it with a per-device secret that is not stored in the image.")
public final class KeystoreTrivialPasswordCheck implements FileCheck {
    /** The passwords a default installation or a tutorial leaves behind; kept short, each try costs a KDF run. */
    static final List<String> TRIVIAL = List.of("", "changeit", "password", "changeme", "secret", "123456", "pass");

    private static final long MAX_STORE_BYTES = 4L * 1024 * 1024;

    @Override
    public boolean appliesTo(Artifact artifact) {
        FileType t = artifact.type();
        return (t == FileType.PKCS12 || t == FileType.JAVA_KEYSTORE || t == FileType.OTHER)
                && artifact.size() <= MAX_STORE_BYTES && artifact.size() > 32;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        Optional<String> storeType = storeType(artifact);
        if (storeType.isEmpty()) {
            return;
        }
        if (storeType.get().equals("PKCS12")) {
            java.nio.ByteBuffer b = artifact.bytes();
            byte[] der = new byte[b.remaining()];
            b.get(der);
            try {
                java.math.BigInteger n = Pkcs12Iterations.max(der);
                if (n.compareTo(Pkcs12Iterations.MAX) > 0) {
                    out.error(artifact.path(), "PKCS#12 asks for " + n + " key-derivation iterations, more than "
                            + Pkcs12Iterations.MAX + ": no password tried, so whether its key opens with a default "
                            + "password is not known");
                    return;
                }
            } catch (IOException e) {
                out.error(artifact.path(), "PKCS#12 file does not parse (" + e.getMessage() + "): its keys were not checked");
                return;
            }
        }
        for (String password : TRIVIAL) {
            Optional<KeyStore> ks;
            try {
                ks = load(artifact, storeType.get(), password);
            } catch (IOException e) {
                out.error(artifact.path(), storeType.get() + " keystore does not parse (" + e.getMessage()
                        + "): its keys were not checked");
                return;
            }
            if (ks.isEmpty()) {
                continue;
            }
            try {
                for (String alias : Collections.list(ks.get().aliases())) {
                    if (!ks.get().isKeyEntry(alias)) {
                        continue;
                    }
                    Optional<PrivateKey> key = recover(ks.get(), alias, password);
                    if (key.isPresent()) {
                        PrivateKey k = key.get();
                        out.at(artifact).key(alias)
                                .message(storeType.get() + " keystore entry '" + alias + "' holds a " + k.getAlgorithm()
                                        + " private key that opens with " + describe(password))
                                .evidence("storeType", storeType.get())
                                .evidence("alias", alias)
                                .evidence("password", describe(password))
                                .evidence("keyType", k.getAlgorithm())
                                .evidence("keySize", bits(k))
                                .report();
                    }
                }
            } catch (GeneralSecurityException e) {
                out.error(artifact.path(), "keystore opened but entries are unreadable: " + e.getMessage());
            }
            return;
        }
    }

    private static Optional<String> storeType(Artifact artifact) throws IOException {
        if (artifact.type() == FileType.PKCS12) {
            return Optional.of("PKCS12");
        }
        // The magic only: a view of the content, not a copy of its head (this runs for every file).
        java.nio.ByteBuffer b = artifact.bytes();
        int magic = b.remaining() >= 4 ? b.getInt(b.position()) : 0;
        if (magic == 0xfeedfeed) {
            return Optional.of("JKS");
        }
        if (magic == 0xcececece) {
            return Optional.of("JCEKS");
        }
        return Optional.empty();
    }

    /**
     * Loads with the password; a wrong password fails the integrity check (never load with null: that skips it).
     *
     * @return empty when the password is wrong
     * @throws IOException when the keystore itself is malformed, whatever the password
     */
    private static Optional<KeyStore> load(Artifact artifact, String type, String password) throws IOException {
        try (InputStream in = artifact.open()) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            return Optional.of(ks);
        } catch (IOException e) {
            if (wrongPassword(e)) {
                return Optional.empty();
            }
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    /** The JDK reports a wrong store password as an IOException caused by UnrecoverableKeyException. */
    private static boolean wrongPassword(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.security.UnrecoverableKeyException || t instanceof javax.crypto.BadPaddingException
                    || t.getMessage() != null && t.getMessage().contains("password was incorrect")) {
                return true;
            }
        }
        return false;
    }

    private static Optional<PrivateKey> recover(KeyStore ks, String alias, String storePassword) {
        List<String> tries = new ArrayList<>();
        tries.add(storePassword);
        tries.addAll(TRIVIAL);
        for (String p : tries) {
            try {
                Key k = ks.getKey(alias, p.toCharArray());
                if (k instanceof PrivateKey pk) {
                    return Optional.of(pk);
                }
                return Optional.empty();
            } catch (GeneralSecurityException | RuntimeException e) {
                // wrong key password: try the next trivial one
            }
        }
        return Optional.empty();
    }

    private static String describe(String password) {
        return password.isEmpty() ? "an empty password" : "the default password '" + password + "'";
    }

    private static int bits(PrivateKey k) {
        if (k instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (k instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        return 0;
    }
}
