package dev.medsec.cli.scan;

import dev.medsec.core.check.ContentEngine;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Runs the two loops that carry every byte of a scan (SHA-256 and the content automaton) over a little synthetic
 * data while the target is still unpacking. A scan is short: without this, the optimising compiler reaches these
 * loops only after a third of the files have been hashed and scanned with the slower first-tier code, because
 * the quick compiler's queue is long at that time. The work is small (about 200 KB) because it runs before
 * those loops are compiled; the launcher lowers their compile thresholds so that this is enough.
 */
final class JitWarmUp {
    private static final int ROUNDS = 4;
    private static final int SIZE = 16 * 1024;

    private JitWarmUp() {
    }

    static void run(ContentEngine content) {
        byte[] data = syntheticData();
        // The same call shapes as a scan: read-only heap and mapped (direct) buffers into the digest.
        ByteBuffer heap = ByteBuffer.wrap(data).asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip().asReadOnlyBuffer();
        try {
            for (int i = 0; i < ROUNDS; i++) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                md.update((i & 1) == 0 ? heap.duplicate() : direct.duplicate());
                md.digest();
            }
            content.warmUp();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }

    /** Printable text and binary bytes mixed, like a root filesystem; deterministic. */
    private static byte[] syntheticData() {
        byte[] b = new byte[SIZE];
        int x = 0x9e3779b9;
        for (int i = 0; i < b.length; i++) {
            x = x * 1103515245 + 12345;
            int r = x >>> 16;
            b[i] = (i & 0x2000) == 0 ? (byte) (' ' + r % 95) : (byte) r;
        }
        return b;
    }
}
