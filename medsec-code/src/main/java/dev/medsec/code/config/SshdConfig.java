package dev.medsec.code.config;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The effective global options of an OpenSSH server configuration, with OpenSSH's rules: keywords are
 * case-insensitive, the first value obtained wins, {@code Include} is expanded in place (globs, relative to
 * /etc/ssh, inside the same image layer only), and options inside {@code Match} blocks are kept apart because
 * they apply only to some connections.
 */
public final class SshdConfig {
    public static final String PATH = "/etc/ssh/sshd_config";
    static final int MAX_INCLUDE_DEPTH = 8;
    static final int MAX_LINES = 100_000;

    /** One option line: where it is, and whether it sits in a Match block. */
    public record Option(String keyword, String value, String path, int line, boolean inMatch) {
    }

    private final Map<String, Option> global = new LinkedHashMap<>();
    private final List<Option> matched = new ArrayList<>();
    private int lines;

    private SshdConfig() {
    }

    /** Parses the server configuration rooted at {@code main}, following Includes within its layer. */
    public static SshdConfig read(Image image, Artifact main) throws IOException {
        SshdConfig c = new SshdConfig();
        c.parse(image, main, 0, false);
        return c;
    }

    /** The effective value of a global keyword (lower case). */
    public Optional<Option> get(String keyword) {
        return Optional.ofNullable(global.get(keyword));
    }

    /** Every option that applies: the global ones plus those of Match blocks. */
    public List<Option> all() {
        List<Option> out = new ArrayList<>(global.values());
        out.addAll(matched);
        return out;
    }

    private boolean parse(Image image, Artifact file, int depth, boolean inMatchParent) throws IOException {
        boolean inMatch = inMatchParent;
        int n = 0;
        for (String raw : text(file).split("\n", -1)) {
            n++;
            if (++lines > MAX_LINES) {
                throw new IOException("sshd configuration exceeds " + MAX_LINES + " lines");
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("[\\s=]+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("match")) {
                inMatch = !value.equalsIgnoreCase("all");
                continue;
            }
            if (key.equals("include")) {
                if (depth >= MAX_INCLUDE_DEPTH) {
                    throw new IOException("Include nested deeper than " + MAX_INCLUDE_DEPTH + " in " + file.path());
                }
                for (String pattern : value.split("\\s+")) {
                    for (Artifact inc : includes(image, file, pattern)) {
                        parse(image, inc, depth + 1, inMatch);
                    }
                }
                continue;
            }
            Option o = new Option(key, value, file.path(), n, inMatch);
            if (inMatch) {
                matched.add(o);
            } else {
                global.putIfAbsent(key, o);
            }
        }
        return inMatch;
    }

    private static List<Artifact> includes(Image image, Artifact from, String pattern) {
        String abs = pattern.startsWith("/") ? pattern : "/etc/ssh/" + pattern;
        List<Artifact> out = new ArrayList<>();
        for (Artifact a : image.glob(abs)) {
            if (a.layer().equals(from.layer())) {
                image.resolve(a).filter(Artifact::hasContent).ifPresent(out::add);
            }
        }
        // OpenSSH expands a glob in lexical order.
        out.sort(Comparator.comparing(Artifact::innerPath));
        return out;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    static String text(Artifact a) throws IOException {
        if (a.size() > 4 << 20) {
            throw new IOException("configuration file of " + a.size() + " bytes is too large");
        }
        ByteBuffer b = a.bytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8).replace("\r", "");
    }
}
