package dev.medsec.trust;

import java.nio.file.Path;

/**
 * Where a private key lives: a PKCS#12 file ({@code pkcs12:PATH}) or an object in a PKCS#11 token
 * ({@code pkcs11:} URI, RFC 7512).
 */
public sealed interface KeyRef permits KeyRef.Pkcs12, KeyRef.Pkcs11 {

    /** A PKCS#12 key store file; its password comes from a {@link PasswordSource}. */
    record Pkcs12(Path path) implements KeyRef {
        @Override
        public String toString() {
            return "pkcs12:" + path;
        }
    }

    /** An object in a PKCS#11 token, reached through the JDK's SunPKCS11 provider. */
    record Pkcs11(Pkcs11Uri uri) implements KeyRef {
        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /** Parses {@code pkcs12:PATH} or a {@code pkcs11:} URI. */
    static KeyRef parse(String text) throws KeyAccessException {
        if (text.startsWith("pkcs12:")) {
            String p = text.substring("pkcs12:".length());
            if (p.isEmpty()) {
                throw new KeyAccessException("pkcs12: needs a file path");
            }
            return new Pkcs12(Path.of(p));
        }
        if (text.startsWith("pkcs11:")) {
            return new Pkcs11(Pkcs11Uri.parse(text));
        }
        throw new KeyAccessException("key reference must start with pkcs12: or pkcs11:");
    }
}
