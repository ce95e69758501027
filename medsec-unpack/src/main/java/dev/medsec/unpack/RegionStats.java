package dev.medsec.unpack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte range no reader claimed into padding (runs of 0x00 or 0xFF of at least {@link #MIN_PADDING}
 * bytes, as erased flash and unwritten disk sectors read) and unexplained regions, each with an entropy class.
 * Reads in bounded chunks, so a multi-GiB hole costs a bounded buffer, not its size in memory.
 */
final class RegionStats {
    static final int MIN_PADDING = 512;
    private static final int CHUNK = 1 << 20;

    private RegionStats() {
    }

    record Gap(long offset, long length, boolean padding) {
    }

    /** The range's runs, in order: padding runs and the unexplained ranges between them. */
    static List<Gap> split(ByteSource src, long from, long to) throws IOException {
        List<Gap> out = new ArrayList<>();
        long runStart = -1;
        int runByte = -1;
        long dataStart = from;
        long pos = from;
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, to - from)));
        while (pos < to) {
            buffer.clear();
            ByteBuffer b = src.readInto(pos, buffer.limit((int) Math.min(buffer.capacity(), to - pos)).slice());
            int n = b.remaining();
            if (n == 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                int v = b.get(i) & 0xff;
                if ((v == 0 || v == 0xff) && v == runByte) {
                    // inside a run: skip eight bytes at a time while they all continue it (GiBs of zeros)
                    long same = runByte == 0 ? 0L : -1L;
                    while (i + 9 <= n && b.getLong(i + 1) == same) {
                        i += 8;
                    }
                    continue;
                }
                // the run of runByte (if any) ends here
                long here = pos + i;
                if (runStart >= 0 && here - runStart >= MIN_PADDING) {
                    if (runStart > dataStart) {
                        out.add(new Gap(dataStart, runStart - dataStart, false));
                    }
                    out.add(new Gap(runStart, here - runStart, true));
                    dataStart = here;
                }
                if (v == 0 || v == 0xff) {
                    runStart = here;
                    runByte = v;
                } else {
                    runStart = -1;
                    runByte = -1;
                }
            }
            pos += n;
        }
        long end = Math.min(pos, to);
        if (runStart >= 0 && end - runStart >= MIN_PADDING) {
            if (runStart > dataStart) {
                out.add(new Gap(dataStart, runStart - dataStart, false));
            }
            out.add(new Gap(runStart, end - runStart, true));
        } else if (end > dataStart) {
            out.add(new Gap(dataStart, end - dataStart, false));
        }
        return out;
    }

    /**
     * "text" (printable), "low-entropy", "data" or "compressed-or-encrypted", from the Shannon entropy of (at most)
     * the first MiB of the range.
     */
    static String entropyClass(ByteSource src, long offset, long length) throws IOException {
        ByteBuffer b = src.read(offset, (int) Math.min(CHUNK, length));
        int n = b.remaining();
        if (n == 0) {
            return "low-entropy";
        }
        long[] counts = new long[256];
        int printable = 0;
        for (int i = 0; i < n; i++) {
            int v = b.get(i) & 0xff;
            counts[v]++;
            if (v >= 0x20 && v < 0x7f || v == '\n' || v == '\r' || v == '\t') {
                printable++;
            }
        }
        double bits = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        if (printable >= n * 0.95) {
            return "text";
        }
        if (bits >= 7.5) {
            return "compressed-or-encrypted";
        }
        return bits < 3 ? "low-entropy" : "data";
    }
}
