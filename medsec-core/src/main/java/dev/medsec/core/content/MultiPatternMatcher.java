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

    public MultiPatternMatcher(List<BytePattern> patterns) {
        this.patterns = List.copyOf(patterns);
        int maxStates = 1;
        for (BytePattern p : this.patterns) {
            maxStates += p.length();
        }
        if (maxStates > MAX_STATES) {
            throw new IllegalArgumentException("patterns need " + maxStates + " states, limit " + MAX_STATES);
        }
        int[] trie = new int[maxStates * 256];
        Arrays.fill(trie, -1);
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        int states = 1;
        for (int pi = 0; pi < this.patterns.size(); pi++) {
            BytePattern p = this.patterns.get(pi);
            int s = 0;
            for (int i = 0; i < p.length(); i++) {
                int c = FOLD[p.at(i) & 0xff] & 0xff;
                int next = trie[s * 256 + c];
                if (next < 0) {
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
            if (next < 0) {
                dfa[c] = 0;
            } else {
                fail[next] = 0;
                queue.add(next);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            out.get(s).addAll(out.get(fail[s]));
            for (int c = 0; c < 256; c++) {
                int next = dfa[s * 256 + c];
                if (next < 0) {
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
        int[] d = delta;
        // Bulk copies into a local array keep the per-byte loop free of buffer bounds checks; mapped files are
        // read through the page cache in 64 KiB slices.
        byte[] chunk = new byte[Math.min(1 << 16, Math.max(1, end - base))];
        int s = 0;
        for (int at = base; at < end; at += chunk.length) {
            int n = Math.min(chunk.length, end - at);
            buf.get(at, chunk, 0, n);
            for (int i = 0; i < n; i++) {
                int t = d[(s << 8) | (chunk[i] & 0xff)];
                s = t & ~ACCEPT;
                if (t < 0 && !report(buf, base, at + i, outputs[s], sink)) {
                    return;
                }
            }
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
