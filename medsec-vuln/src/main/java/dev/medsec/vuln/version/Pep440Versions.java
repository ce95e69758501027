package dev.medsec.vuln.version;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEP 440 ordering: epoch, release (trailing zeros ignored), then dev &lt; pre (a &lt; b &lt; rc) &lt; release &lt; post,
 * following the sort key of the reference implementation ("packaging"). Strings that are not PEP 440 fall back
 * to the generic rules.
 */
final class Pep440Versions {
    private static final Pattern PEP440 = Pattern.compile(
            "v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
                    + "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d+)?)?"
                    + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?"
                    + "(?:[-_.]?(dev)[-_.]?(\\d+)?)?"
                    + "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

    private Pep440Versions() {
    }

    private record Key(BigInteger epoch, List<BigInteger> release, int preRank, BigInteger preNum,
                       boolean hasPost, BigInteger post, boolean hasDev, BigInteger dev) {
    }

    static int compare(String a, String b) {
        Key x = parse(a);
        Key y = parse(b);
        if (x == null || y == null) {
            return GenericVersions.compare(a, b);
        }
        int c = x.epoch.compareTo(y.epoch);
        if (c != 0) {
            return c;
        }
        for (int i = 0; i < Math.max(x.release.size(), y.release.size()); i++) {
            BigInteger p = i < x.release.size() ? x.release.get(i) : BigInteger.ZERO;
            BigInteger q = i < y.release.size() ? y.release.get(i) : BigInteger.ZERO;
            c = p.compareTo(q);
            if (c != 0) {
                return c;
            }
        }
        c = Integer.compare(x.preRank, y.preRank);
        if (c != 0) {
            return c;
        }
        c = x.preNum.compareTo(y.preNum);
        if (c != 0) {
            return c;
        }
        if (x.hasPost != y.hasPost) {
            return x.hasPost ? 1 : -1;
        }
        c = x.post.compareTo(y.post);
        if (c != 0) {
            return c;
        }
        if (x.hasDev != y.hasDev) {
            return x.hasDev ? -1 : 1;
        }
        return x.dev.compareTo(y.dev);
    }

    private static Key parse(String v) {
        Matcher m = PEP440.matcher(v.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        BigInteger epoch = m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1));
        List<BigInteger> release = new ArrayList<>();
        for (String part : m.group(2).split("\\.")) {
            release.add(new BigInteger(part));
        }
        boolean hasPre = m.group(3) != null;
        boolean hasPost = m.group(5) != null || m.group(6) != null;
        boolean hasDev = m.group(8) != null;
        int preRank;
        if (hasPre) {
            String l = m.group(3);
            preRank = l.startsWith("a") ? 1 : l.startsWith("b") ? 2 : 3;
        } else if (!hasPost && hasDev) {
            preRank = 0; // 1.0.dev1 sorts before 1.0a1
        } else {
            preRank = 4;
        }
        BigInteger preNum = hasPre && m.group(4) != null ? new BigInteger(m.group(4)) : BigInteger.ZERO;
        String postDigits = m.group(5) != null ? m.group(5) : m.group(7);
        BigInteger post = postDigits == null ? BigInteger.ZERO : new BigInteger(postDigits);
        BigInteger dev = hasDev && m.group(9) != null ? new BigInteger(m.group(9)) : BigInteger.ZERO;
        return new Key(epoch, release, preRank, preNum, hasPost, post, hasDev, dev);
    }
}
