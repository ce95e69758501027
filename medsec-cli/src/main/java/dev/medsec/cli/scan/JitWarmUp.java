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
        // SHA-256 does the same work whatever the bytes are; the automaton's sample is its own (it holds every
        // pattern). The same call shapes as a scan: read-only heap and mapped (direct) buffers into the digest.
        ByteBuffer heap = ByteBuffer.wrap(new byte[SIZE]).asReadOnlyBuffer();
        ByteBuffer direct = ByteBuffer.allocateDirect(SIZE).asReadOnlyBuffer();
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
}
