package dev.medsec.attacksurface.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel command line parsed the way the kernel does: whitespace-separated {@code name[=value]} words,
 * double quotes group a value, everything after a lone {@code --} belongs to init, and dashes and underscores
 * are the same in parameter names. A later occurrence of a parameter wins, as for the kernel's own parsing.
 */
public final class KernelCommandLine {
    /** Longer than any real command line (COMMAND_LINE_SIZE is at most 4096 on every architecture). */
    public static final int MAX_LENGTH = 64 * 1024;

    private final String text;
    private final Map<String, String> params;
    private final List<String> words;

    private KernelCommandLine(String text, Map<String, String> params, List<String> words) {
        this.text = text;
        this.params = Collections.unmodifiableMap(params);
        this.words = List.copyOf(words);
    }

    public static KernelCommandLine parse(String raw) {
        String text = raw.length() > MAX_LENGTH ? raw.substring(0, MAX_LENGTH) : raw;
        Map<String, String> params = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any || cur.length() > 0) {
                    String w = cur.toString();
                    if (w.equals("--")) {
                        break;
                    }
                    words.add(w);
                    int eq = w.indexOf('=');
                    String name = (eq < 0 ? w : w.substring(0, eq)).replace('-', '_');
                    params.put(name, eq < 0 ? "" : w.substring(eq + 1));
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        return new KernelCommandLine(text, params, words);
    }

    /** Parameter name (dashes as underscores) to value; flags map to "". */
    public Map<String, String> params() {
        return params;
    }

    public List<String> words() {
        return words;
    }

    public String text() {
        return text;
    }

    /** The serial consoles named by console= parameters (ttyS0, ttyAMA0, ttymxc0 ...), every occurrence. */
    public List<String> consoles() {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            if (w.startsWith("console=")) {
                String dev = w.substring("console=".length());
                int comma = dev.indexOf(',');
                out.add(comma < 0 ? dev : dev.substring(0, comma));
            }
        }
        return out;
    }
}
