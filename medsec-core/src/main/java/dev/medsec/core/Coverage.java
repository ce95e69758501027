package dev.medsec.core;

import java.util.List;

/**
 * The coverage account of a scan (report.json section {@code coverage}): how many of the target's bytes the scan
 * understood, which containers it opened and how well, and what it recognised but could not open. A gap in what
 * medsec reached is said here, never skipped in silence.
 *
 * @param targetBytes   size of the target (for a directory, the sum of its files)
 * @param bytesReached  bytes explained by members, structures of their format or padding, all layers included
 * @param percent       bytesReached / targetBytes, 100 for an empty target
 * @param containers    every container opened, with its own account
 * @param notOpened     formats recognised but not opened, and why
 * @param unexplainedRegions regions no reader claimed, at or above the reporting threshold, largest first
 */
public record Coverage(long targetBytes, long bytesReached, double percent, List<Container> containers,
                       List<NotOpened> notOpened, List<Region> unexplainedRegions) {
    /** Unexplained regions smaller than this are counted but not listed. */
    public static final long REGION_THRESHOLD = 4096;

    public Coverage {
        containers = List.copyOf(containers);
        notOpened = List.copyOf(notOpened);
        unexplainedRegions = List.copyOf(unexplainedRegions);
    }

    /**
     * @param explained   bytes of members and of the format's own structures (headers, tables)
     * @param padding     bytes in runs of 0x00 or 0xFF between them
     * @param unexplained bytes no reader claimed
     */
    public record Container(String path, String format, long size, long explained, long padding, long unexplained) {
    }

    public record NotOpened(String path, String format, long size, String reason) {
    }

    /** @param entropy "text", "low-entropy", "data" or "compressed-or-encrypted" */
    public record Region(String container, long offset, long size, String entropy) {
    }

    /** The one console line, e.g. "reached 99.1 % of 512.0 MiB; 2 regions not understood". */
    public String summaryLine(String humanTargetSize) {
        String line = String.format(java.util.Locale.ROOT, "reached %.1f %% of %s", percent, humanTargetSize);
        int gaps = unexplainedRegions.size() + notOpened.size();
        return gaps == 0 ? line : line + "; " + unexplainedRegions.size() + " region" + (unexplainedRegions.size() == 1 ? "" : "s")
                + " not understood, " + notOpened.size() + " container" + (notOpened.size() == 1 ? "" : "s") + " not opened";
    }
}
