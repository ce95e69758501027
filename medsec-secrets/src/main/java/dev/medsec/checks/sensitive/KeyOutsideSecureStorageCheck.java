package dev.medsec.checks.sensitive;

import dev.medsec.profile.DeviceProfile;
import dev.medsec.profile.KeyStorage;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the device profile declares hardware key storage (secure element, TPM, PKCS#11 token, TEE), every private
 * key file in the image contradicts it, encrypted or not. Key files listed under {@code keys.expectedOnDisk}
 * are reported as information with their justification, so the exception stays visible to reviewers.
 */
@CheckInfo(id = "sensitive.key-outside-secure-storage", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {320, 522},
        summary = "Private key file in the image although the profile declares hardware key storage",
        remediation = "Generate or inject the key inside the secure element / TPM / PKCS#11 token and use it by "
                + "reference; remove the file from the image, or list it under keys.expectedOnDisk with a justification.")
public final class KeyOutsideSecureStorageCheck implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        if (profile.isEmpty() || profile.get().keys().storage().filter(KeyStorage::isHardwareBacked).isEmpty()) {
            return;
        }
        DeviceProfile.Keys keys = profile.get().keys();
        String storage = keys.storage().get().id();
        for (Artifact a : (Iterable<Artifact>) image.files()::iterator) {
            Optional<String> what = keyFile(a);
            if (what.isEmpty()) {
                continue;
            }
            FindingBuilder b = out.at(a).evidence("keyFile", what.get()).evidence("declaredStorage", storage);
            Optional<DeviceProfile.KeyOnDisk> expected = keys.expected(a.innerPath());
            if (expected.isPresent()) {
                b.severity(Severity.INFO).evidence("justification", expected.get().justification())
                        .message("Key file " + what.get() + " is on disk by declared exception: "
                                + expected.get().justification());
            } else {
                b.message(what.get() + " on the filesystem although keys are declared to live in the " + storage);
            }
            b.report();
        }
    }

    private static final long MAX_STORE_BYTES = 4L * 1024 * 1024;

    /**
     * A PKCS#12 file holds a key when one of its plain safe bags is a (shrouded) key bag; when a safe is
     * password-encrypted its content is unknown and the file counts as a key container.
     */
    static Optional<String> pkcs12(Artifact a) throws IOException {
        ByteBuffer b = a.bytes();
        byte[] der = new byte[b.remaining()];
        b.get(der);
        try {
            PKCS12PfxPdu pfx = new PKCS12PfxPdu(der);
            boolean opaque = false;
            for (ContentInfo ci : pfx.getContentInfos()) {
                if (!ci.getContentType().equals(PKCSObjectIdentifiers.data)) {
                    opaque = true;
                    continue;
                }
                for (PKCS12SafeBag bag : new PKCS12SafeBagFactory(ci).getSafeBags()) {
                    if (bag.getType().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)
                            || bag.getType().equals(PKCSObjectIdentifiers.keyBag)) {
                        return Optional.of("PKCS#12 file with a private key");
                    }
                }
            }
            return opaque ? Optional.of("PKCS#12 container (encrypted safe, may hold a key)") : Optional.empty();
        } catch (RuntimeException | IOException e) {
            // a crafted or damaged container must not hide its key by failing to parse
            return Optional.of("PKCS#12 container that does not parse (may hold a key)");
        }
    }

    /** JKS lists its entry kinds outside the integrity check, so key entries are visible without the password. */
    static Optional<String> javaKeystore(Artifact a) {
        try (InputStream in = a.open()) {
            KeyStore ks = KeyStore.getInstance("JKS");
            ks.load(in, null);
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return Optional.of("Java keystore with private key entry '" + alias + "'");
                }
            }
            return Optional.empty();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return Optional.of("Java keystore that does not parse (may hold a key)");
        }
    }

    /** Describes the artifact when it holds a private key (parsed) or is a key container. */
    static Optional<String> keyFile(Artifact a) throws IOException {
        FileType t = a.type();
        if ((t == FileType.PKCS12 || t == FileType.JAVA_KEYSTORE) && a.size() > MAX_STORE_BYTES) {
            return Optional.of("key container larger than " + MAX_STORE_BYTES + " bytes, not parsed (may hold a key)");
        }
        if (t == FileType.PKCS12) {
            return pkcs12(a);
        }
        if (t == FileType.JAVA_KEYSTORE) {
            return javaKeystore(a);
        }
        if (t == FileType.PRIVATE_KEY_PEM && a.size() <= KeyParsing.MAX_KEY_BYTES) {
            List<String> found = new ArrayList<>();
            ByteBuffer b = a.bytes();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            for (String label : PrivateKeyPemCheck.LABELS) {
                String begin = "-----BEGIN " + label + "-----";
                String end = "-----END " + label + "-----";
                int i = text.indexOf(begin);
                while (i >= 0) {
                    int j = text.indexOf(end, i);
                    if (j < 0) {
                        break;
                    }
                    KeyParsing.parsePem(label, text.substring(i, j + end.length()))
                            .ifPresent(k -> found.add(k.algorithm() + " private key (" + k.format() + ")"));
                    i = text.indexOf(begin, j);
                }
            }
            return found.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", found));
        }
        if (t == FileType.TEXT && a.size() >= 32 && a.size() <= KeyParsing.MAX_KEY_BYTES && startsWith(a, "PuTTY-User-Key-File-")) {
            ByteBuffer b = a.bytes();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            try {
                return KeyParsing.parsePpk(new String(bytes, StandardCharsets.ISO_8859_1))
                        .map(k -> k.algorithm() + " private key (" + k.format() + ")");
            } catch (IOException e) {
                return Optional.of("PuTTY private key that does not parse (may hold a key)");
            }
        }
        if (t == FileType.OTHER && a.size() >= 32 && a.size() <= KeyParsing.MAX_KEY_BYTES) {
            ByteBuffer b = a.bytes();
            if (b.get(0) != 0x30) {
                return Optional.empty();
            }
            byte[] der = new byte[b.remaining()];
            b.get(der);
            return KeyParsing.parseDer(der).map(k -> k.algorithm() + " private key (" + k.format() + ")");
        }
        return Optional.empty();
    }

    private static boolean startsWith(Artifact a, String prefix) throws IOException {
        ByteBuffer b = a.bytes();
        if (b.remaining() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b.get(b.position() + i) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
