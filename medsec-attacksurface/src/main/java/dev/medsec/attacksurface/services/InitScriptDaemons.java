package dev.medsec.attacksurface.services;

import dev.medsec.code.script.ShellLines;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemons an init script (or rc.local) starts on its start path: the {@code start)} branch of its
 * {@code case "$1"}, or the whole script when it has none. A command is a daemon when it is started with
 * start-stop-daemon ({@code --exec}/{@code -x}/{@code --startas}), put in the background ({@code &}), or is a
 * program {@link ServiceKind} knows (telnetd, gdbserver, tftpd ...). Simple assignments ({@code DAEMON=/usr/sbin/x})
 * are substituted, so Debian's templates resolve. The script's name alone says nothing: a profile that forbids
 * gdbserver must match the gdbserver a script called S99debug starts.
 */
final class InitScriptDaemons {
    private static final Pattern ASSIGN = Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|'[^']*'|\\S*)\\s*$");
    private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
    private static final Pattern CASE_START = Pattern.compile("^\\s*\\(?\\s*['\"]?(start|[a-z|-]*\\|start|start\\|[a-z|-]*)['\"]?\\s*\\)");
    /** Shell words that are never a daemon of their own. */
    private static final Set<String> NOT_DAEMONS = Set.of("if", "then", "else", "elif", "fi", "for", "while", "do",
            "done", "case", "esac", "echo", "printf", "[", "[[", "test", "export", "local", "set", "unset", ".", "source",
            "return", "exit", "true", "false", ":", "cd", "mkdir", "rm", "ln", "cp", "mv", "cat", "chmod", "chown",
            "sleep", "log_daemon_msg", "log_end_msg", "log_action_msg", "log_success_msg", "log_failure_msg", "eval",
            "exec", "trap", "wait", "kill", "killall", "pidof", "touch", "grep", "sed", "awk", "mount", "umount");
    private static final int MAX_DAEMONS = 64;

    private InitScriptDaemons() {
    }

    private static final Pattern FUNCTION = Pattern.compile("^(?:function\\s+)?([A-Za-z_][A-Za-z0-9_-]*)\\s*\\(\\s*\\)\\s*\\{?\\s*$"
            + "|^function\\s+([A-Za-z_][A-Za-z0-9_-]*)\\s*\\{?\\s*$");
    private static final int MAX_CALL_DEPTH = 4;

    /**
     * Commands the script runs to start, each a daemon by the rules above. The start branch may call the
     * script's own functions (Debian's templates: {@code start) do_start ;;}): their bodies are followed, a few
     * calls deep.
     */
    static List<Started> startCommands(Artifact script) throws IOException {
        return startCommands(ShellLines.read(script));
    }

    /** The same, of a script's text. */
    static List<Started> startCommands(String text) {
        return startCommands(ShellLines.parse(text));
    }

    private static List<Started> startCommands(List<ShellLines.Line> lines) {
        Map<String, String> vars = new HashMap<>();
        Map<String, List<String>> functions = new HashMap<>();
        List<String> topLevel = new ArrayList<>();
        String inFunction = null;
        int depth = 0;
        for (ShellLines.Line line : lines) {
            String code = line.code().strip();
            if (inFunction == null) {
                Matcher f = FUNCTION.matcher(code);
                if (f.matches()) {
                    inFunction = f.group(1) != null ? f.group(1) : f.group(2);
                    functions.put(inFunction, new ArrayList<>());
                    depth = code.endsWith("{") ? 1 : 0;
                    continue;
                }
                Matcher a = ASSIGN.matcher(code);
                if (a.matches()) {
                    vars.putIfAbsent(a.group(1), unquote(a.group(2)));
                    continue;
                }
                topLevel.add(code);
                continue;
            }
            // inside a function body: braces on their own lines delimit it
            if (code.equals("{")) {
                depth++;
                continue;
            }
            if (code.equals("}") || code.startsWith("} ")) {
                depth--;
                if (depth <= 0) {
                    inFunction = null;
                }
                continue;
            }
            Matcher a = ASSIGN.matcher(code);
            if (a.matches()) {
                vars.putIfAbsent(a.group(1), unquote(a.group(2)));
            }
            functions.get(inFunction).add(code);
        }
        List<String> start = startPath(topLevel);
        List<Started> out = new ArrayList<>();
        follow(start, functions, vars, out, 0);
        return out;
    }

    /** The start branch of the script's case, or every top-level line when it has no case. */
    private static List<String> startPath(List<String> topLevel) {
        boolean hasCase = topLevel.stream().anyMatch(l -> l.startsWith("case "));
        if (!hasCase) {
            return topLevel;
        }
        List<String> out = new ArrayList<>();
        boolean inStart = false;
        for (String code : topLevel) {
            if (CASE_START.matcher(code).find()) {
                inStart = true;
                code = code.substring(code.indexOf(')') + 1).strip();
            } else if (inStart && code.startsWith(";;")) {
                inStart = false;
                continue;
            } else if (code.matches("^\\s*\\(?[\\w|*'\"-]+\\)\\s*.*") && !code.startsWith("$(")) {
                inStart = false;
            }
            if (!inStart || code.isEmpty()) {
                continue;
            }
            boolean endsBranch = code.endsWith(";;");
            out.add(code.replaceAll(";;$", "").strip());
            if (endsBranch) {
                inStart = false;
            }
        }
        return out;
    }

    private static void follow(List<String> commands, Map<String, List<String>> functions, Map<String, String> vars,
                               List<Started> out, int depth) {
        for (String code : commands) {
            if (out.size() >= MAX_DAEMONS) {
                return;
            }
            String cmd = expand(code, vars);
            String first = cmd.split("\\s+")[0];
            List<String> body = functions.get(first);
            if (body != null) {
                if (depth < MAX_CALL_DEPTH) {
                    follow(body, functions, vars, out, depth + 1);
                }
                continue;
            }
            daemon(cmd).ifPresent(out::add);
        }
    }

    /** A daemon a script starts: its command line and the user start-stop-daemon --chuid names ("" otherwise). */
    record Started(String command, String user) {
    }

    /** The daemon's command line in one shell command, or empty when it starts none. */
    static java.util.Optional<Started> daemon(String cmd) {
        boolean background = cmd.endsWith("&") && !cmd.endsWith("&&");
        String c = background ? cmd.substring(0, cmd.length() - 1).strip() : cmd;
        String[] w = c.split("\\s+");
        if (w.length == 0 || w[0].isEmpty()) {
            return java.util.Optional.empty();
        }
        String prog = base(w[0]);
        if (prog.equals("start-stop-daemon")) {
            // --start ... --exec /usr/sbin/x [-- args]: the daemon and its arguments after "--"
            String exec = null;
            String user = "";
            List<String> args = new ArrayList<>();
            boolean started = false;
            for (int i = 1; i < w.length; i++) {
                if (w[i].equals("--start") || w[i].equals("-S")) {
                    started = true;
                } else if ((w[i].equals("--exec") || w[i].equals("-x") || w[i].equals("--startas") || w[i].equals("-a"))
                        && i + 1 < w.length) {
                    exec = exec == null ? w[++i] : exec;
                } else if ((w[i].equals("--chuid") || w[i].equals("-c")) && i + 1 < w.length) {
                    String u = w[++i];
                    user = u.contains(":") ? u.substring(0, u.indexOf(':')) : u;
                } else if (w[i].equals("--")) {
                    args.addAll(List.of(w).subList(i + 1, w.length));
                    break;
                }
            }
            return started && exec != null
                    ? java.util.Optional.of(new Started((exec + " " + String.join(" ", args)).strip(), user))
                    : java.util.Optional.empty();
        }
        if (NOT_DAEMONS.contains(prog) || prog.startsWith("$") || prog.contains("=")) {
            return java.util.Optional.empty();
        }
        boolean known = ServiceKind.of(new Service(prog, Service.InitSystem.SYSV_RC, "", c)).isPresent();
        return background || known ? java.util.Optional.of(new Started(c, "")) : java.util.Optional.empty();
    }

    static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
                ? v.substring(1, v.length() - 1) : v;
    }

    private static String expand(String code, Map<String, String> vars) {
        Matcher m = VAR.matcher(code);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
