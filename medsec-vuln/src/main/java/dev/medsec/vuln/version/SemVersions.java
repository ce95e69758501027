package dev.medsec.vuln.version;

/**
 * SemVer 2.0.0 precedence: major.minor.patch numerically, a pre-release sorts before its release, pre-release
 * identifiers compare numerically when both are numeric, build metadata is ignored. A leading "v" and missing
 * minor/patch are tolerated because real package.json files contain them.
 */
final class SemVersions {
    private SemVersions() {
    }

    static int compare(String a, String b) {
        String[] x = split(a);
        String[] y = split(b);
        String[] cx = x[0].split("\\.", -1);
        String[] cy = y[0].split("\\.", -1);
        for (int i = 0; i < Math.max(3, Math.max(cx.length, cy.length)); i++) {
            int c = compareIdentifier(i < cx.length ? cx[i] : "0", i < cy.length ? cy[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        if (x[1].isEmpty() || y[1].isEmpty()) {
            return Boolean.compare(x[1].isEmpty(), y[1].isEmpty());
        }
        String[] px = x[1].split("\\.", -1);
        String[] py = y[1].split("\\.", -1);
        for (int i = 0; i < Math.min(px.length, py.length); i++) {
            int c = compareIdentifier(px[i], py[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(px.length, py.length);
    }

    /** [core, prerelease] without build metadata. */
    private static String[] split(String v) {
        String s = v.trim();
        if (s.startsWith("v") || s.startsWith("=")) {
            s = s.substring(1);
        }
        int plus = s.indexOf('+');
        if (plus >= 0) {
            s = s.substring(0, plus);
        }
        int dash = s.indexOf('-');
        return dash >= 0 ? new String[] {s.substring(0, dash), s.substring(dash + 1)} : new String[] {s, ""};
    }

    private static int compareIdentifier(String a, String b) {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) {
            return NumericStrings.compare(a, b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
