package dev.medsec.attacksurface.services;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The daemon and arguments of a service's command line. Init systems and scripts wrap the daemon: environment
 * assignments ("FOO=1 /usr/sbin/x"), env, nice, nohup, setsid, chpst, start-stop-daemon's own options; the
 * daemon is the first word after those, so a profile's lists and the reports name the program that listens.
 */
final class CommandLine {
    private static final Set<String> WRAPPERS = Set.of("env", "nice", "nohup", "setsid", "exec", "ionice", "chrt",
            "taskset", "stdbuf", "timeout");

    private CommandLine() {
    }

    static String daemon(String command) {
        List<String> w = words(command);
        return w.isEmpty() ? "" : w.get(0);
    }

    static String arguments(String command) {
        List<String> w = words(command);
        return w.size() <= 1 ? "" : String.join(" ", w.subList(1, w.size()));
    }

    /** The words from the daemon on. */
    static List<String> words(String command) {
        List<String> w = Arrays.stream(command.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        int i = 0;
        while (i < w.size()) {
            String word = w.get(i);
            String base = word.substring(word.lastIndexOf('/') + 1);
            if (word.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                i++;
            } else if (WRAPPERS.contains(base)) {
                i++;
                // options of the wrapper itself ("nice -n 10", "timeout 5", "chrt -f 50"): skip up to the program
                while (i < w.size() && (w.get(i).startsWith("-") || w.get(i).matches("\\d+[a-z]?"))) {
                    i++;
                }
            } else if (base.equals("chpst")) {
                i++;
                while (i + 1 < w.size() && w.get(i).startsWith("-")) {
                    i += 2;
                }
            } else {
                break;
            }
        }
        if (i >= w.size()) {
            return List.of();
        }
        List<String> rest = w.subList(i, w.size());
        String first = rest.get(0).replaceFirst("^[-@:+!]+", "");
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream().skip(1)).toList();
    }
}
