package dev.medsec.vuln.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Upstream release strings as vendors and the NVD write them. The string is cut into runs of digits and runs
 * of letters (separators only separate). Digits compare as numbers; letters compare alphabetically, so OpenSSL
 * letter releases order as released (1.0.2k &lt; 1.0.2u) and a trailing letter or portable suffix is newer than
 * the bare release (1.0.2k &gt; 1.0.2, 9.3p1 &gt; 9.3). Words that mark a pre-release (alpha, beta, pre, preview,
 * rc, dev, snapshot) sort before the release they precede (3.0.0-preview1 &lt; 3.0.0). Single letters are never
 * read as alpha/beta because OpenSSL 1.0.2a and 1.0.2b are releases.
 */
final class GenericVersions {
    private static final Map<String, Integer> PRE_RELEASE = Map.of(
            "dev", 1, "snapshot", 1, "alpha", 2, "beta", 3, "pre", 4, "preview", 4, "rc", 5);

    private GenericVersions() {
    }

    static int compare(String a, String b) {
        List<String> x = tokens(a);
        List<String> y = tokens(b);
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            int c = compareToken(x.get(i), y.get(i));
            if (c != 0) {
                return c;
            }
        }
        if (x.size() == y.size()) {
            return 0;
        }
        boolean xLonger = x.size() > y.size();
        String next = xLonger ? x.get(n) : y.get(n);
        int sign = PRE_RELEASE.containsKey(next) ? -1 : 1;
        return xLonger ? sign : -sign;
    }

    private static int compareToken(String a, String b) {
        boolean na = Character.isDigit(a.charAt(0));
        boolean nb = Character.isDigit(b.charAt(0));
        if (na && nb) {
            return NumericStrings.compare(a, b);
        }
        Integer pa = PRE_RELEASE.get(a);
        Integer pb = PRE_RELEASE.get(b);
        if (pa != null || pb != null) {
            if (pa != null && pb != null) {
                return Integer.compare(pa, pb);
            }
            return pa != null ? -1 : 1;
        }
        if (na != nb) {
            // A number where the other has a letter suffix: a further numbered component is the later release.
            return na ? 1 : -1;
        }
        return Integer.signum(a.compareTo(b));
    }

    static List<String> tokens(String v) {
        List<String> out = new ArrayList<>();
        String s = v.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int start = i;
            if (Character.isDigit(c)) {
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                out.add(s.substring(start, i));
            } else if (Character.isLetter(c)) {
                while (i < s.length() && Character.isLetter(s.charAt(i))) {
                    i++;
                }
                out.add(s.substring(start, i));
            } else {
                i++;
            }
        }
        return out;
    }
}
