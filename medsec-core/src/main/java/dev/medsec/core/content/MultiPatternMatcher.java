package dev.medsec.core.content;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick over bytes, compiled to a dense DFA, so that any number of patterns costs one table lookup per
 * input byte. Case-insensitive patterns are supported without a second pass: the automaton runs over
 * ASCII-case-folded input, and hits of case-sensitive patterns are confirmed against the original bytes
 * (hits are rare, confirmation is cheap).
 *
 * <p>Immutable and thread-safe once built. Memory: 1 KiB per automaton state, bounded by {@link #MAX_STATES}.
 */
public final class MultiPatternMatcher {
    public static final int MAX_STATES = 200_000;
    /** Lanes walked side by side in one block, and bytes per lane and block. */
    private static final int LANES = 4;
    private static final int LANE = 1 << 14;
    /** Below this size one walk is as fast: the lanes' warm-up would be a visible share. */
    private static final int INTERLEAVE_MIN = 4096;

    /** Receives hits; return false to stop the scan of this input early. */
    @FunctionalInterface
    public interface HitSink {
        boolean hit(int patternIndex, long offset);
    }

    private static final int ACCEPT = 0x80000000;
    private static final byte[] FOLD = new byte[256];

    static {
        for (int i = 0; i < 256; i++) {
            FOLD[i] = (byte) (i >= 'A' && i <= 'Z' ? i + 32 : i);
        }
    }

    private final List<BytePattern> patterns;
    private final int[] delta;
    /** For each state, the indexes of patterns ending there (including via failure links), or null. */
    private final int[][] outputs;
    /** Length of the longest pattern, at least 1. */
    private final int maxLength;
    /**
     * Each thread's block buffer, reused from file to file: a scan of a root filesystem would otherwise allocate
     * (and the collector clear) one block per file. Taken out while in use, so a re-entrant scan gets its own.
     */
    private final ThreadLocal<byte[]> blocks = new ThreadLocal<>();

    public MultiPatternMatcher(List<BytePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        this.maxLength = this.patterns.stream().mapToInt(BytePattern::length).max().orElse(1);
        int maxStates = 1;
        for (BytePattern p : this.patterns) {
            maxStates += p.length();
        }
        if (maxStates > MAX_STATES) {
            throw new IllegalArgumentException("patterns need " + maxStates + " states, limit " + MAX_STATES);
        }
        // 0 marks a missing edge: the root is never a child, and a fresh array needs no fill.
        int[] trie = new int[maxStates * 256];
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        int states = 1;
        for (int pi = 0; pi < this.patterns.size(); pi++) {
            BytePattern p = this.patterns.get(pi);
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                int c = FOLD[p.at(i) & 0xff] & 0xff;
                int next = trie[s * 256 + c];
                if (next == 0) {
                    next = states++;
                    trie[s * 256 + c] = next;
                    out.add(new ArrayList<>());
                }
                s = next;
            }
            out.get(s).add(pi);
        }
        // Breadth-first: complete every missing transition through the failure function, turning the trie
        // into a DFA, and merge each state's outputs with those of its failure state.
        int[] fail = new int[states];
        int[] dfa = Arrays.copyOf(trie, states * 256);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < 256; c++) {
            int next = dfa[c];
            if (next != 0) {
                fail[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < 256; c++) {
                int next = dfa[s * 256 + c];
                if (next == 0) {
                    dfa[s * 256 + c] = dfa[fail[s] * 256 + c];
                } else {
                    fail[next] = dfa[fail[s] * 256 + c];
                    queue.add(next);
                }
            }
        }
        this.outputs = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> o = out.get(s);
            if (!o.isEmpty()) {
                outputs[s] = o.stream().mapToInt(Integer::intValue).distinct().toArray();
            }
        }
        // Fold case into the table itself and flag transitions into accepting states with the sign bit, so the
        // scan loop does one table load per input byte and nothing else.
        for (int s = 0; s < states; s++) {
            for (int c = 'A'; c <= 'Z'; c++) {
                dfa[s * 256 + c] = dfa[s * 256 + c + 32];
            }
        }
        for (int i = 0; i < states * 256; i++) {
            if (outputs[dfa[i]] != null) {
                dfa[i] |= ACCEPT;
            }
        }
        this.delta = dfa;
    }

    public List<BytePattern> patterns() {
        return patterns;
    }

    public int stateCount() {
        return outputs.length;
    }

    /** Scans {@code data} from its position to its limit; offsets are relative to its position. */
    public void scan(ByteBuffer data, HitSink sink) {
        ByteBuffer buf = data.duplicate();
        int base = buf.position();
        int end = buf.limit();
        if (end - base < INTERLEAVE_MIN) {
            scanSerial(buf, base, end, sink);
        } else {
            scanInterleaved(buf, base, end, sink);
        }
    }

    /** Small inputs: one automaton walk. */
    private void scanSerial(ByteBuffer buf, int base, int end, HitSink sink) {
        byte[] chunk = takeBlock();
        try {
            walkSerial(buf, base, end, sink, chunk);
        } finally {
            blocks.set(chunk);
        }
    }

    private byte[] takeBlock() {
        byte[] b = blocks.get();
        if (b == null) {
            return new byte[maxLength - 1 + LANES * LANE];
        }
        blocks.set(null);
        return b;
    }

    private void walkSerial(ByteBuffer buf, int base, int end, HitSink sink, byte[] chunk) {
        int[] d = delta;
        int n = end - base;
        buf.get(base, chunk, 0, n);
        int s = 0;
        for (int i = 0; i < n; i++) {
            int t = d[(s << 8) | (chunk[i] & 0xff)];
            s = t & ~ACCEPT;
            if (t < 0 && !report(buf, base, base + i, outputs[s], sink)) {
                return;
            }
        }
    }

    /**
     * Large inputs. One automaton walk is bound by the latency of its table loads: each load needs the state the
     * previous one produced. Each block is therefore cut into {@link #LANES} lanes walked side by side, so the
     * processor overlaps their loads. A lane starts in the root state {@code maxLength - 1} bytes before its
     * first byte; every match ending in the lane starts at or after that point, so the lanes together report
     * exactly what one walk would, and the hits of each block are delivered in input order.
     */
    private void scanInterleaved(ByteBuffer buf, int base, int end, HitSink sink) {
        byte[] block = takeBlock();
        try {
            walkInterleaved(buf, base, end, sink, block);
        } finally {
            blocks.set(block);
        }
    }

    private void walkInterleaved(ByteBuffer buf, int base, int end, HitSink sink, byte[] block) {
        int[] d = delta;
        int warm = maxLength - 1;
        // Hits are rare: the per-lane lists start small and grow.
        int[][] hitAt = new int[LANES][16];
        int[][] hitState = new int[LANES][16];
        int[] hitCount = new int[LANES];
        int[] from = new int[LANES];
        int[] to = new int[LANES];
        for (int at = base; at < end; at += LANES * LANE) {
            int n = Math.min(LANES * LANE, end - at);
            int pre = Math.min(warm, at - base);
            buf.get(at - pre, block, 0, pre + n);
            int q = (n + LANES - 1) / LANES;
            for (int l = 0; l < LANES; l++) {
                from[l] = pre + Math.min(n, l * q);
                to[l] = pre + Math.min(n, (l + 1) * q);
                hitCount[l] = 0;
            }
            int s0 = warmUp(block, Math.max(0, from[0] - warm), from[0]);
            int s1 = warmUp(block, Math.max(0, from[1] - warm), from[1]);
            int s2 = warmUp(block, Math.max(0, from[2] - warm), from[2]);
            int s3 = warmUp(block, Math.max(0, from[3] - warm), from[3]);
            int common = to[3] - from[3];
            int p0 = from[0];
            int p1 = from[1];
            int p2 = from[2];
            int p3 = from[3];
            for (int k = 0; k < common; k++) {
                int t0 = d[(s0 << 8) | (block[p0 + k] & 0xff)];
                int t1 = d[(s1 << 8) | (block[p1 + k] & 0xff)];
                int t2 = d[(s2 << 8) | (block[p2 + k] & 0xff)];
                int t3 = d[(s3 << 8) | (block[p3 + k] & 0xff)];
                s0 = t0 & ~ACCEPT;
                s1 = t1 & ~ACCEPT;
                s2 = t2 & ~ACCEPT;
                s3 = t3 & ~ACCEPT;
                if ((t0 | t1 | t2 | t3) < 0) {
                    record(t0, s0, p0 + k, 0, hitAt, hitState, hitCount);
                    record(t1, s1, p1 + k, 1, hitAt, hitState, hitCount);
                    record(t2, s2, p2 + k, 2, hitAt, hitState, hitCount);
                    record(t3, s3, p3 + k, 3, hitAt, hitState, hitCount);
                }
            }
            // The last lane may be shorter than the others; finish their tails one at a time.
            int[] states = {s0, s1, s2};
            for (int l = 0; l < LANES - 1; l++) {
                int s = states[l];
                for (int i = from[l] + common; i < to[l]; i++) {
                    int t = d[(s << 8) | (block[i] & 0xff)];
                    s = t & ~ACCEPT;
                    record(t, s, i, l, hitAt, hitState, hitCount);
                }
            }
            int origin = at - pre;
            for (int l = 0; l < LANES; l++) {
                for (int h = 0; h < hitCount[l]; h++) {
                    if (!report(buf, base, origin + hitAt[l][h], outputs[hitState[l][h]], sink)) {
                        return;
                    }
                }
            }
        }
    }

    private int warmUp(byte[] block, int from, int to) {
        int[] d = delta;
        int s = 0;
        for (int i = from; i < to; i++) {
            s = d[(s << 8) | (block[i] & 0xff)] & ~ACCEPT;
        }
        return s;
    }

    private static void record(int t, int s, int at, int lane, int[][] hitAt, int[][] hitState, int[] hitCount) {
        if (t < 0) {
            int h = hitCount[lane]++;
            if (h == hitAt[lane].length) {
                hitAt[lane] = Arrays.copyOf(hitAt[lane], h * 2);
                hitState[lane] = Arrays.copyOf(hitState[lane], h * 2);
            }
            hitAt[lane][h] = at;
            hitState[lane][h] = s;
        }
    }

    /** Confirms and reports the patterns ending at absolute index {@code last}; false when the sink says stop. */
    private boolean report(ByteBuffer buf, int base, int last, int[] o, HitSink sink) {
        for (int pi : o) {
            BytePattern p = patterns.get(pi);
            long start = (long) last - base - p.length() + 1;
            if (!p.ignoreAsciiCase() && !exact(buf, base + (int) start, p)) {
                continue;
            }
            if (!sink.hit(pi, start)) {
                return false;
            }
        }
        return true;
    }

    private static boolean exact(ByteBuffer buf, int at, BytePattern p) {
        for (int i = 0; i < p.length(); i++) {
            if (buf.get(at + i) != p.at(i)) {
                return false;
            }
        }
        return true;
    }
}
