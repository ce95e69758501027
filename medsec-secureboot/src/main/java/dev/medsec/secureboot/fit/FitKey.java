package dev.medsec.secureboot.fit;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * A verification key from a U-Boot control DTB ({@code /signature/key-NAME}).
 *
 * @param name     NAME of the key node (matched against signatures' key-name-hint)
 * @param algo     the node's algo property, e.g. "sha256,rsa2048"
 * @param required "conf" or "image" when U-Boot must find a valid signature by this key; empty when the key
 *                 is only used if a signature happens to name it
 * @param bits     key size in bits
 */
public record FitKey(String name, String algo, Optional<String> required, PublicKey publicKey, int bits) {
    public FitKey {
        Objects.requireNonNull(name);
        Objects.requireNonNull(algo);
        Objects.requireNonNull(required);
        Objects.requireNonNull(publicKey);
    }

    public String cipher() {
        return publicKey.getAlgorithm().startsWith("EC") ? "ecdsa" : "rsa";
    }

    @Override
    public String toString() {
        return "key-" + name + " (" + cipher() + bits + required.map(r -> ", required=" + r).orElse("") + ")";
    }
}
