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
