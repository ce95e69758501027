package dev.medsec.code.script;

import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A shell script as logical lines of code: backslash continuations joined, comments removed (a '#' starting a
 * word outside quotes), here-document bodies skipped. Enough to look at commands without being fooled by a
 * commented-out "curl -k" or a message that mentions it in a here-document.
 */
public final class ShellLines {
    static final int MAX_BYTES = 4 << 20;

    /** One logical line; {@code line} is where it starts. */
    public record Line(int line, String code) {
    }

    private ShellLines() {
    }

    /** Shell scripts by content, plus the shell fragments that carry no shebang (init scripts, cron tables). */
    public static boolean isShell(Artifact a) {
        FileType t = a.type();
        if (t == FileType.SHELL_SCRIPT) {
            return true;
        }
        String p = a.innerPath();
        return t == FileType.TEXT && (p.endsWith(".sh") || p.startsWith("/etc/init.d/") || p.startsWith("/etc/cron")
                || p.startsWith("/etc/rc.d/") || p.startsWith("/var/spool/cron/"));
    }

    public static List<Line> read(Artifact a) throws IOException {
        if (a.size() > MAX_BYTES) {
            throw new IOException("script of " + a.size() + " bytes is too large");
        }
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    public static List<Line> parse(String text) {
        String[] raw = text.replace("\r", "").split("\n", -1);
        List<Line> out = new ArrayList<>();
        String heredoc = null;
        StringBuilder cur = new StringBuilder();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i];
            if (heredoc != null) {
                if (l.strip().equals(heredoc)) {
                    heredoc = null;
                }
                continue;
            }
            if (cur.length() == 0) {
                start = i + 1;
            }
            String code = stripComment(l);
            if (code.endsWith("\\")) {
                cur.append(code, 0, code.length() - 1).append(' ');
                continue;
            }
            cur.append(code);
            String logical = cur.toString().strip();
            cur.setLength(0);
            if (!logical.isEmpty()) {
                out.add(new Line(start, logical));
                heredoc = heredocDelimiter(logical);
            }
        }
        if (cur.length() > 0) {
            out.add(new Line(start, cur.toString().strip()));
        }
        return out;
    }

    static String stripComment(String l) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '\\' && !single) {
                i++;
            } else if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(l.charAt(i - 1)))) {
                return l.substring(0, i).stripTrailing();
            }
        }
        return l;
    }

    private static String heredocDelimiter(String code) {
        int at = code.indexOf("<<");
        if (at < 0 || code.startsWith("<<<", at)) {
            return null;
        }
        String rest = code.substring(at + 2).replaceFirst("^-", "").strip();
        String word = rest.split("[\\s;|&]", 2)[0].replace("'", "").replace("\"", "");
        return word.isEmpty() ? null : word;
    }
}
