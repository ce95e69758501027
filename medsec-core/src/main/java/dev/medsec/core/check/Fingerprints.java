package dev.medsec.core.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable finding ids: the same problem in the same place has the same id in every scan and every tool. */
public final class Fingerprints {
    private Fingerprints() {
    }

    /** First 128 bits of SHA-256(checkId NUL path NUL key), in hex. */
    public static String of(String checkId, String path, String key) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(checkId.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(path.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
