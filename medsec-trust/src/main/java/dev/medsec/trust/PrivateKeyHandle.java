package dev.medsec.trust;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A usable private key with its certificate chain. For a token key, {@code key} is only a handle: the
 * operations run inside the token through {@code provider}, and {@code key.getEncoded()} is null.
 *
 * @param chain the signer or recipient certificate first, then its issuers as far as known
 */
public record PrivateKeyHandle(PrivateKey key, List<X509Certificate> chain, Provider provider, boolean inToken) {
    public PrivateKeyHandle {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a key needs its certificate");
        }
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The same key with another certificate chain (e.g. one given on the command line). */
    public PrivateKeyHandle withChain(List<X509Certificate> newChain) {
        return new PrivateKeyHandle(key, newChain, provider, inToken);
    }
}
