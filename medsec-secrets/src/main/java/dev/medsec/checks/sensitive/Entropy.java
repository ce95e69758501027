package dev.medsec.checks.sensitive;

import java.nio.ByteBuffer;

/** Shannon entropy, the gate that tells a generated secret from a word or an example value. */
public final class Entropy {
    private Entropy() {
    }

    /** Bits per character of {@code s} (over its chars); 0 for an empty string. */
    public static double bitsPerChar(String s) {
        if (s.isEmpty()) {
            return 0;
        }
        int[] counts = new int[65536];
        for (int i = 0; i < s.length(); i++) {
            counts[s.charAt(i)]++;
        }
        double h = 0;
        double n = s.length();
        for (int i = 0; i < s.length(); i++) {
            int c = counts[s.charAt(i)];
            if (c > 0) {
                double p = c / n;
                h -= p * (Math.log(p) / Math.log(2));
                counts[s.charAt(i)] = 0;
            }
        }
        return h;
    }

    /** Bits per byte of the bytes between {@code buf}'s position and limit; 0 when there are none. */
    public static double bitsPerByte(ByteBuffer buf) {
        int n = buf.remaining();
        if (n == 0) {
            return 0;
        }
        long[] counts = new long[256];
        for (int i = buf.position(); i < buf.limit(); i++) {
            counts[buf.get(i) & 0xff]++;
        }
        double h = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h;
    }

    /** Rounded to two decimals for evidence. */
    public static double rounded(double bits) {
        return Math.round(bits * 100) / 100.0;
    }
}
