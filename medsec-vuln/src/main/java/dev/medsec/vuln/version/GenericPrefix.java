package dev.medsec.vuln.version;

import java.util.List;

/** Whether a version belongs to a release branch: "1.0.2k" is in "1.0.2" and "1", not in "1.0.20" or "1.1". */
public final class GenericPrefix {
    private GenericPrefix() {
    }

    public static boolean hasPrefix(String version, String branch) {
        List<String> v = GenericVersions.tokens(version);
        List<String> b = GenericVersions.tokens(branch);
        if (b.isEmpty() || v.size() < b.size()) {
            return false;
        }
        for (int i = 0; i < b.size(); i++) {
            String x = v.get(i);
            String y = b.get(i);
            boolean nx = Character.isDigit(x.charAt(0));
            boolean ny = Character.isDigit(y.charAt(0));
            if (nx != ny || (nx ? NumericStrings.compare(x, y) != 0 : !x.equals(y))) {
                return false;
            }
        }
        return true;
    }
}
