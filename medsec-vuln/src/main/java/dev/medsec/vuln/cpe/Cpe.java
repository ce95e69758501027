package dev.medsec.vuln.cpe;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A CPE 2.3 formatted string, {@code cpe:2.3:part:vendor:product:version:update:edition:language:sw_edition:
 * target_sw:target_hw:other}. Attribute values are kept unescaped and lower-cased; {@link #ANY} is "*" and
 * {@link #NA} is "-".
 */
public record Cpe(String part, String vendor, String product, String version, String update, String edition,
                  String language, String swEdition, String targetSw, String targetHw, String other) {
    public static final String ANY = "*";
    public static final String NA = "-";
    private static final int FIELDS = 13;

    /** Parses a CPE 2.3 formatted string; empty when it is not one. */
    public static Optional<Cpe> parse(String s) {
        if (s == null || s.length() > 4096 || !s.startsWith("cpe:2.3:")) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>(FIELDS);
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (c == ':') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        if (parts.size() != FIELDS) {
            return Optional.empty();
        }
        for (int i = 2; i < FIELDS; i++) {
            String v = parts.get(i).toLowerCase(Locale.ROOT);
            parts.set(i, v.isEmpty() ? ANY : v);
        }
        return Optional.of(new Cpe(parts.get(2), parts.get(3), parts.get(4), parts.get(5), parts.get(6), parts.get(7),
                parts.get(8), parts.get(9), parts.get(10), parts.get(11), parts.get(12)));
    }

    /** An application CPE with only vendor, product, version (and update) bound. */
    public static Cpe application(String vendor, String product, String version, String update) {
        return new Cpe("a", vendor.toLowerCase(Locale.ROOT), product.toLowerCase(Locale.ROOT), version,
                update.isEmpty() ? ANY : update, ANY, ANY, ANY, ANY, ANY, ANY);
    }

    /** The formatted string, with the characters CPE 2.3 requires escaped. */
    public String format() {
        StringBuilder sb = new StringBuilder("cpe:2.3");
        for (String v : List.of(part, vendor, product, version, update, edition, language, swEdition, targetSw,
                targetHw, other)) {
            sb.append(':');
            if (v.equals(ANY) || v.equals(NA)) {
                sb.append(v);
                continue;
            }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
