package dev.medsec.secureboot.verify;

import java.util.Objects;

/**
 * One link of a chain that verified: what it is, how it is protected, by which key.
 *
 * @param link      the object (e.g. "configuration conf-1", "image kernel-1", "PE image", "module")
 * @param protectedBy how it is protected (e.g. "sha256,rsa2048 signature", "sha256 hash")
 * @param key       which key or certificate vouched for it, empty for a plain hash
 */
public record VerifiedLink(String link, String protectedBy, String key) {
    public VerifiedLink {
        Objects.requireNonNull(link);
        Objects.requireNonNull(protectedBy);
        Objects.requireNonNull(key);
    }

    @Override
    public String toString() {
        return link + " (" + protectedBy + (key.isEmpty() ? "" : ", key " + key) + ")";
    }
}
