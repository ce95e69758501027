package dev.medsec.vuln.version;

/** Compares digit strings of any length without overflow (versions like 20230101000000 exist). */
final class NumericStrings {
    private NumericStrings() {
    }

    static int compare(String a, String b) {
        String x = stripZeros(a);
        String y = stripZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return Integer.signum(x.compareTo(y));
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }
}
