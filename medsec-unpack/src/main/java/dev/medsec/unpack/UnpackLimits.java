package dev.medsec.unpack;

/**
 * Budgets that keep hostile archives from exhausting disk, memory or time. A violated budget stops the member
 * (or the archive) that violated it, records an error, and the scan goes on.
 *
 * @param maxTotalBytes bytes written into the work directory for the whole scan
 * @param maxEntries    entries (of any kind) recorded for the whole scan
 * @param maxRatio      decompressed bytes per compressed byte, per member or stream, and per archive across
 *                      all its members and the archives nested in it
 * @param maxDepth      archives inside archives, the target being depth 0
 * @param toolTimeoutSeconds wall-clock limit for an external unpacker (unsquashfs, debugfs)
 * @param archiveGraceBytes  bytes under one archive below which its cumulative ratio is not judged
 */
public record UnpackLimits(long maxTotalBytes, long maxEntries, long maxRatio, int maxDepth, long toolTimeoutSeconds,
                           long archiveGraceBytes) {
    /** Below this many decompressed bytes the ratio is not judged: tiny files compress absurdly well. */
    public static final long RATIO_GRACE_BYTES = 1L << 20;
    /**
     * Below this many bytes written under one archive (its members and every archive inside it) its cumulative
     * expansion is not judged: a small archive of ordinary files never trips it.
     */
    public static final long ARCHIVE_GRACE_BYTES = 256L << 20;

    public static UnpackLimits defaults() {
        return new UnpackLimits(16L << 30, 1_000_000, 200, 8, 600);
    }

    public UnpackLimits {
        if (maxTotalBytes <= 0 || maxEntries <= 0 || maxRatio <= 0 || maxDepth < 0 || toolTimeoutSeconds <= 0
                || archiveGraceBytes < 0) {
            throw new IllegalArgumentException("unpack limits must be positive");
        }
    }

    public UnpackLimits(long maxTotalBytes, long maxEntries, long maxRatio, int maxDepth, long toolTimeoutSeconds) {
        this(maxTotalBytes, maxEntries, maxRatio, maxDepth, toolTimeoutSeconds, ARCHIVE_GRACE_BYTES);
    }
}
