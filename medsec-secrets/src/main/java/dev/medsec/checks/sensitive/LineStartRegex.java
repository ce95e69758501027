package dev.medsec.checks.sensitive;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Tells whether a rule's regex can only match at the start of a line: it opens with {@code ^} in multi-line mode
 * and has no alternative outside a group. In a line without an inner line terminator such a regex can only match
 * at index 0, so one anchored attempt ({@code lookingAt}) gives exactly what a search would, without trying every
 * position of a long line. The generic assignment rules are of this kind and are the ones that hit most often.
 */
final class LineStartRegex {
    private static final Map<Pattern, Boolean> KNOWN = new ConcurrentHashMap<>();

    private LineStartRegex() {
    }

    static boolean isLineStartOnly(Pattern p) {
        return KNOWN.computeIfAbsent(p, LineStartRegex::analyse);
    }

    /** True when no character of {@code line} but its end can start a new line for {@code ^} in multi-line mode. */
    static boolean isSingleLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    static boolean analyse(Pattern p) {
        String s = p.pattern();
        boolean multiline = (p.flags() & Pattern.MULTILINE) != 0;
        int i = 0;
        if (s.startsWith("(?")) {
            int close = s.indexOf(')');
            String flags = close < 0 ? "" : s.substring(2, close);
            if (!flags.matches("[a-zA-Z]+")) {
                return false;
            }
            multiline |= flags.indexOf('m') >= 0;
            i = close + 1;
        }
        if (!multiline || i >= s.length() || s.charAt(i) != '^') {
            return false;
        }
        return !hasTopLevelAlternative(s, i + 1);
    }

    /** Walks the regex from {@code from}, skipping escapes, character classes and groups. */
    private static boolean hasTopLevelAlternative(String s, int from) {
        int depth = 0;
        int classDepth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (i + 1 < s.length() && s.charAt(i + 1) == 'Q') {
                    int end = s.indexOf("\\E", i + 2);
                    if (end < 0) {
                        return false;
                    }
                    i = end + 1;
                } else {
                    i++;
                }
            } else if (classDepth > 0) {
                if (c == '[') {
                    classDepth++;
                } else if (c == ']') {
                    classDepth--;
                }
            } else if (c == '[') {
                classDepth = 1;
                // a ']' right after '[' or '[^' is a literal
                if (i + 1 < s.length() && s.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < s.length() && s.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}
