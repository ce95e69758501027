package dev.medsec.core.content;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiPatternMatcherTest {
    private static List<String> hits(MultiPatternMatcher m, byte[] data) {
        List<String> out = new ArrayList<>();
        m.scan(ByteBuffer.wrap(data), (pi, off) -> {
            out.add(m.patterns().get(pi).id() + "@" + off);
            return true;
        });
        return out;
    }

    @Test
    void scan_overlappingAndNestedPatterns_allOccurrencesReported() {
        MultiPatternMatcher m = new MultiPatternMatcher(List.of(
                BytePattern.ascii("he", "he"), BytePattern.ascii("she", "she"),
                BytePattern.ascii("his", "his"), BytePattern.ascii("hers", "hers")));
        assertThat(hits(m, "ushers".getBytes(StandardCharsets.US_ASCII)))
                .containsExactlyInAnyOrder("she@1", "he@2", "hers@2");
    }

    @Test
    void scan_caseSensitivePattern_doesNotMatchOtherCase() {
        MultiPatternMatcher m = new MultiPatternMatcher(List.of(
                BytePattern.ascii("exact", "Password"), BytePattern.asciiIgnoreCase("fold", "secret")));
        assertThat(hits(m, "password PASSWORD Password SECRET sEcReT".getBytes(StandardCharsets.US_ASCII)))
                .containsExactly("exact@18", "fold@27", "fold@34");
    }

    @Test
    void scan_binaryPatternsWithHighBytes_matchExactly() {
        MultiPatternMatcher m = new MultiPatternMatcher(List.of(BytePattern.hex("sbox", "637c777bf26b6fc5")));
        byte[] data = new byte[100];
        byte[] sbox = {0x63, 0x7c, 0x77, 0x7b, (byte) 0xf2, 0x6b, 0x6f, (byte) 0xc5};
        System.arraycopy(sbox, 0, data, 40, 8);
        assertThat(hits(m, data)).containsExactly("sbox@40");
    }

    /** Against a naive search on random data: the automaton must find exactly what brute force finds. */
    @Test
    void scan_randomPatternsAndData_agreesWithNaiveSearch() {
        Random r = new Random(42);
        for (int round = 0; round < 50; round++) {
            List<BytePattern> ps = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                byte[] p = new byte[1 + r.nextInt(4)];
                for (int j = 0; j < p.length; j++) {
                    p[j] = (byte) ('a' + r.nextInt(3));
                }
                ps.add(new BytePattern("p" + i, p, r.nextBoolean()));
            }
            byte[] data = new byte[300];
            for (int j = 0; j < data.length; j++) {
                data[j] = (byte) (r.nextBoolean() ? 'a' + r.nextInt(3) : 'A' + r.nextInt(3));
            }
            List<String> expected = new ArrayList<>();
            for (BytePattern p : ps) {
                byte[] pb = p.bytes();
                for (int off = 0; off + pb.length <= data.length; off++) {
                    boolean ok = true;
                    for (int k = 0; k < pb.length && ok; k++) {
                        byte a = data[off + k];
                        byte b = pb[k];
                        ok = p.ignoreAsciiCase() ? Character.toLowerCase((char) a) == Character.toLowerCase((char) b) : a == b;
                    }
                    if (ok) {
                        expected.add(p.id() + "@" + off);
                    }
                }
            }
            assertThat(hits(new MultiPatternMatcher(ps), data)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /**
     * Inputs large enough for the interleaved walk, with sizes around its block and lane boundaries and matches
     * planted across them: the same hits, in the same order, as a naive search.
     */
    @Test
    void scan_largeInputsAcrossLaneAndBlockBoundaries_agreeWithNaiveSearchInOrder() {
        Random r = new Random(7);
        List<BytePattern> ps = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            byte[] p = new byte[1 + r.nextInt(i < 3 ? 64 : 6)];
            for (int j = 0; j < p.length; j++) {
                p[j] = (byte) ('a' + r.nextInt(4));
            }
            ps.add(new BytePattern("p" + i, p, false));
        }
        MultiPatternMatcher m = new MultiPatternMatcher(ps);
        for (int size : new int[] {4095, 4096, 4097, 16_384 * 4, 16_384 * 4 + 1, 16_384 * 4 - 1, 200_003, 16_384 * 8 + 63}) {
            byte[] data = new byte[size];
            for (int j = 0; j < size; j++) {
                data[j] = (byte) (r.nextInt(8) == 0 ? 'a' + r.nextInt(4) : r.nextInt(256));
            }
            // Plant the long patterns across every lane and block boundary.
            for (int cut = 16_384; cut < size; cut += 16_384) {
                byte[] pb = ps.get(r.nextInt(3)).bytes();
                int at = Math.max(0, Math.min(size - pb.length, cut - pb.length / 2));
                System.arraycopy(pb, 0, data, at, pb.length);
            }
            List<long[]> expected = new ArrayList<>();
            for (int end = 0; end < size; end++) {
                for (int pi = 0; pi < ps.size(); pi++) {
                    byte[] pb = ps.get(pi).bytes();
                    int start = end - pb.length + 1;
                    if (start >= 0 && java.util.Arrays.equals(data, start, end + 1, pb, 0, pb.length)) {
                        expected.add(new long[] {pi, start});
                    }
                }
            }
            List<long[]> actual = new ArrayList<>();
            m.scan(ByteBuffer.wrap(data), (pi, off) -> actual.add(new long[] {pi, off}));
            assertThat(keys(actual)).as("size %d", size).isEqualTo(keys(expected));
            long lastEnd = -1;
            for (long[] h : actual) {
                long hitEnd = h[1] + ps.get((int) h[0]).bytes().length - 1;
                assertThat(hitEnd).as("hits in input order").isGreaterThanOrEqualTo(lastEnd);
                lastEnd = hitEnd;
            }
        }
    }

    private static List<String> keys(List<long[]> hits) {
        List<String> out = new ArrayList<>();
        for (long[] h : hits) {
            out.add(h[1] + "+" + h[0]);
        }
        out.sort(null);
        return out;
    }

    @Test
    void scan_sinkReturnsFalse_stopsEarly() {
        MultiPatternMatcher m = new MultiPatternMatcher(List.of(BytePattern.ascii("a", "a")));
        List<Long> seen = new ArrayList<>();
        m.scan(ByteBuffer.wrap("aaaa".getBytes(StandardCharsets.US_ASCII)), (pi, off) -> {
            seen.add(off);
            return false;
        });
        assertThat(seen).containsExactly(0L);
    }

    @Test
    void bytePattern_emptyOrTooLong_rejected() {
        assertThatThrownBy(() -> new BytePattern("e", new byte[0], false)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BytePattern("l", new byte[65], false)).isInstanceOf(IllegalArgumentException.class);
    }
}
