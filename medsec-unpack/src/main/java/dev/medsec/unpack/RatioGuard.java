package dev.medsec.unpack;

import java.util.function.LongSupplier;

/**
 * Judges decompressed output against the compressed input it came from. For a zip member the compressed size
 * is known up front; for a compressed stream (a .tar.gz) it is what the decompressor has consumed so far, and
 * the output is everything written from that stream.
 */
final class RatioGuard {
    private final long maxRatio;
    private final LongSupplier compressedSoFar;
    private final String what;
    private long written;

    RatioGuard(long maxRatio, LongSupplier compressedSoFar, String what) {
        this.maxRatio = maxRatio;
        this.compressedSoFar = compressedSoFar;
        this.what = what;
    }

    /** No ratio limit: stored (uncompressed) content such as a plain tar or a directory. */
    static RatioGuard none() {
        return new RatioGuard(Long.MAX_VALUE, () -> 1, "uncompressed");
    }

    void add(long bytes) throws LimitExceededException {
        written += bytes;
        if (maxRatio == Long.MAX_VALUE || written <= UnpackLimits.RATIO_GRACE_BYTES) {
            return;
        }
        long compressed = Math.max(1, compressedSoFar.getAsLong());
        if (written / compressed > maxRatio) {
            throw new LimitExceededException("compression ratio of " + what + " exceeds 1:" + maxRatio
                    + " (" + written + " bytes from " + compressed + ")");
        }
    }
}
