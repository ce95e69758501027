package dev.medsec.secureboot.fit;

import java.util.Locale;
import java.util.Optional;

/**
 * A FIT signature algorithm as written in a signature node's {@code algo} property ("sha256,rsa2048",
 * "sha384,ecdsa384"), plus the {@code padding} property for RSA ("pkcs-1.5" or "pss").
 *
 * @param hash   checksum name: sha1, sha256, sha384, sha512
 * @param cipher rsa or ecdsa
 * @param bits   key size the algorithm demands
 * @param pss    RSA-PSS padding instead of PKCS#1 v1.5
 */
public record FitAlgorithm(String hash, String cipher, int bits, boolean pss) {

    /** Parses "sha256,rsa2048"; empty for names U-Boot does not know. */
    public static Optional<FitAlgorithm> parse(String algo, Optional<String> padding) {
        String[] parts = algo.toLowerCase(Locale.ROOT).split(",", -1);
        if (parts.length != 2 || FitHashes.jcaName(parts[0]).isEmpty()) {
            return Optional.empty();
        }
        boolean pss = padding.map(p -> p.equals("pss")).orElse(false);
        if (padding.isPresent() && !padding.get().equals("pss") && !padding.get().equals("pkcs-1.5")) {
            return Optional.empty();
        }
        String c = parts[1];
        if (c.startsWith("rsa")) {
            int bits = parseBits(c.substring(3));
            return bits == 2048 || bits == 3072 || bits == 4096 || bits == 1024
                    ? Optional.of(new FitAlgorithm(parts[0], "rsa", bits, pss)) : Optional.empty();
        }
        if (c.startsWith("ecdsa")) {
            int bits = parseBits(c.substring(5));
            return (bits == 256 || bits == 384) && !pss
                    ? Optional.of(new FitAlgorithm(parts[0], "ecdsa", bits, false)) : Optional.empty();
        }
        return Optional.empty();
    }

    private static int parseBits(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Weak by SP 800-131A: SHA-1 signatures or RSA below 2048 bits. */
    /** The hash or the key fails the one algorithm policy (SHA-1, RSA below 2048 bits...). */
    public boolean weak() {
        dev.medsec.core.policy.CryptoPolicy p = dev.medsec.core.policy.CryptoPolicy.standard();
        return p.digest(hash).status().isWeak() || cipher.equals("rsa") && p.weakKey("rsa", bits).isPresent()
                || cipher.startsWith("ecdsa") && p.weakKey("ec", bits).isPresent();
    }

    public String label() {
        return hash + "," + cipher + bits + (pss ? " (PSS)" : "");
    }
}
