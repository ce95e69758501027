package dev.medsec.attacksurface.services;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Listening addresses visible on a daemon's command line: "host:port" words (gdbserver 0.0.0.0:2345, dropbear
 * -p 192.168.1.1:22, socat TCP-LISTEN:4444) and a number after a port option (-p 23, --port=8080). Daemons that
 * read their address from a configuration file show none here; that is "not visible", not "not listening".
 */
final class ListenAddresses {
    private static final Pattern HOST_PORT = Pattern.compile(
            "^(?:(?<host>\\[[0-9A-Fa-f:.]+]|\\d{1,3}(?:\\.\\d{1,3}){3}|\\*|localhost)?:)?(?<port>\\d{1,5})$");
    private static final Pattern LISTEN_WORD = Pattern.compile("(?i)^(?:tcp6?|udp6?)(?:4|6)?-listen:(?<port>\\d{1,5})(?:,.*)?$");
    private static final Pattern PORT_OPTION = Pattern.compile("^(?:-p|-P|--port|--listen-port|-l|--listen|--bind|-b)(?:=(?<value>.+))?$");

    private ListenAddresses() {
    }

    static List<String> of(String command) {
        List<String> words = CommandLine.words(command);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i).replaceAll("^[\"']|[\"']$", "");
            Matcher listen = LISTEN_WORD.matcher(w);
            if (listen.matches() && port(listen.group("port"))) {
                out.add(listen.group("port"));
                continue;
            }
            Matcher opt = PORT_OPTION.matcher(w);
            if (opt.matches()) {
                String v = opt.group("value") != null ? opt.group("value") : i + 1 < words.size() ? words.get(i + 1) : "";
                addHostPort(v, true, out);
                continue;
            }
            if (w.contains(":") && !w.startsWith("-")) {
                addHostPort(w, false, out);
            }
        }
        return List.copyOf(out);
    }

    /** {@code bare}: a plain number counts (after a port option); otherwise the word must carry a colon. */
    private static void addHostPort(String w, boolean bare, List<String> out) {
        Matcher m = HOST_PORT.matcher(w);
        if (!m.matches() || !port(m.group("port")) || !bare && !w.contains(":")) {
            return;
        }
        if (!out.contains(w)) {
            out.add(w);
        }
    }

    private static boolean port(String digits) {
        int p = Integer.parseInt(digits);
        return p > 0 && p <= 65535;
    }
}
