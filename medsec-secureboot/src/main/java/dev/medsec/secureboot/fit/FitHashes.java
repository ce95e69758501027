package dev.medsec.secureboot.fit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/** FIT hash algorithm names and their JCA equivalents. */
public final class FitHashes {
    private FitHashes() {
    }

    /** JCA digest name for a FIT hash "algo" value, empty for CRC checksums and unknown names. */
    public static Optional<String> jcaName(String fitAlgo) {
        switch (fitAlgo.toLowerCase(Locale.ROOT)) {
            case "sha1":
                return Optional.of("SHA-1");
            case "sha256":
                return Optional.of("SHA-256");
            case "sha384":
                return Optional.of("SHA-384");
            case "sha512":
                return Optional.of("SHA-512");
            case "md5":
                return Optional.of("MD5");
            default:
                return Optional.empty();
        }
    }

    /** True for algorithms that do not protect against a deliberate change: CRCs, MD5, SHA-1. */
    /** Not approved by the one algorithm policy (CRC32, MD5, SHA-1, and anything it does not name). */
    public static boolean weak(String fitAlgo) {
        return dev.medsec.core.policy.CryptoPolicy.standard().digest(fitAlgo).status()
                != dev.medsec.core.policy.CryptoPolicy.Status.APPROVED;
    }

    static MessageDigest digest(String fitAlgo) throws NoSuchAlgorithmException {
        Optional<String> name = jcaName(fitAlgo);
        if (name.isEmpty()) {
            throw new NoSuchAlgorithmException("no digest for FIT algo " + fitAlgo);
        }
        return MessageDigest.getInstance(name.get());
    }
}
