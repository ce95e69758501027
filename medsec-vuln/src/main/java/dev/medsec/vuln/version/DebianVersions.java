package dev.medsec.vuln.version;

/** Debian version comparison as dpkg implements it (lib/dpkg/version.c: verrevcmp). */
final class DebianVersions {
    private DebianVersions() {
    }

    static int compare(String a, String b) {
        Parsed x = parse(a);
        Parsed y = parse(b);
        if (x.epoch != y.epoch) {
            return Long.compare(x.epoch, y.epoch);
        }
        int c = verrevcmp(x.upstream, y.upstream);
        if (c != 0) {
            return c;
        }
        return verrevcmp(x.revision, y.revision);
    }

    private record Parsed(long epoch, String upstream, String revision) {
    }

    private static Parsed parse(String v) {
        String s = v.trim();
        long epoch = 0;
        int colon = s.indexOf(':');
        if (colon > 0 && s.substring(0, colon).chars().allMatch(Character::isDigit) && colon <= 9) {
            epoch = Long.parseLong(s.substring(0, colon));
            s = s.substring(colon + 1);
        }
        int dash = s.lastIndexOf('-');
        if (dash >= 0) {
            return new Parsed(epoch, s.substring(0, dash), s.substring(dash + 1));
        }
        return new Parsed(epoch, s, "");
    }

    private static int order(char c) {
        if (Character.isDigit(c)) {
            return 0;
        }
        if (Character.isLetter(c)) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static int verrevcmp(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() || j < b.length()) {
            int firstDiff = 0;
            while ((i < a.length() && !Character.isDigit(a.charAt(i)))
                    || (j < b.length() && !Character.isDigit(b.charAt(j)))) {
                int ac = i < a.length() ? order(a.charAt(i)) : 0;
                int bc = j < b.length() ? order(b.charAt(j)) : 0;
                if (ac != bc) {
                    return Integer.compare(ac, bc);
                }
                i++;
                j++;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            while (i < a.length() && Character.isDigit(a.charAt(i))
                    && j < b.length() && Character.isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < a.length() && Character.isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < b.length() && Character.isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }
}
