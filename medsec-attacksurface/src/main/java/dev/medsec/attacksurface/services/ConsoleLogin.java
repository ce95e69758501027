package dev.medsec.attacksurface.services;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a service gives a shell on a terminal without asking for a password: a shell started
 * directly from inittab, a getty with auto-login or with a shell as its login program, {@code login -f}, or
 * systemd's debug-shell.
 */
public final class ConsoleLogin {
    private static final Set<String> SHELLS = Set.of("sh", "ash", "bash", "dash", "zsh", "ksh", "mksh", "hush",
            "msh", "busybox");
    private static final Set<String> GETTYS = Set.of("getty", "agetty", "mingetty", "mgetty", "fbgetty", "qingy",
            "serial-getty", "fgetty", "ngetty");

    /**
     * Why the service is a password-less shell.
     *
     * @param reason   what makes it password-less
     * @param terminal the terminal it runs on, when known (ttyS0, console, tty1)
     */
    public record NoLogin(String reason, String terminal) {
    }

    private ConsoleLogin() {
    }

    public static Optional<NoLogin> analyze(Service s) {
        if (ServiceKind.strip(s.name()).equals("debug-shell")) {
            return Optional.of(new NoLogin("systemd debug-shell: a root shell on tty9 without login", "tty9"));
        }
        List<String> w = List.of(s.command().trim().split("\\s+"));
        if (w.isEmpty() || w.get(0).isEmpty()) {
            return Optional.empty();
        }
        String prog = base(w.get(0));
        int argStart = 1;
        if (prog.equals("busybox") && w.size() > 1) {
            prog = base(w.get(1));
            argStart = 2;
        }
        String terminal = terminal(s, w);
        if (SHELLS.contains(prog)) {
            return Optional.of(new NoLogin("a shell is started directly on the terminal: " + s.command(), terminal));
        }
        List<String> args = w.subList(Math.min(argStart, w.size()), w.size());
        if (prog.equals("login") && args.contains("-f")) {
            return Optional.of(new NoLogin("login -f skips authentication: " + s.command(), terminal));
        }
        if (GETTYS.contains(prog)) {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.equals("-a") || a.startsWith("--autologin")) {
                    return Optional.of(new NoLogin("getty logs a user in automatically: " + s.command(), terminal));
                }
                if ((a.equals("-l") || a.equals("--login-program")) && i + 1 < args.size()
                        && SHELLS.contains(base(args.get(i + 1)))) {
                    return Optional.of(new NoLogin("getty runs a shell as its login program: " + s.command(),
                            terminal));
                }
            }
        }
        return Optional.empty();
    }

    /** The terminal: BusyBox inittab's first field, a getty's tty argument, or a unit instance name. */
    private static String terminal(Service s, List<String> words) {
        for (String x : words) {
            if (x.matches("(/dev/)?(tty\\w*|console|hvc\\d+)")) {
                return x.replace("/dev/", "");
            }
        }
        if (s.name().matches("tty\\w*|console")) {
            return s.name();
        }
        int at = s.name().indexOf('@');
        if (at > 0) {
            String inst = ServiceKind.strip(s.name()).substring(at + 1);
            return inst.isEmpty() ? "?" : inst;
        }
        return "?";
    }

    private static String base(String path) {
        String p = path.startsWith("-") ? path.substring(1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** True for serial terminals, whose exposure is a physical port on the device. */
    public static boolean isSerial(String terminal) {
        return terminal.matches("tty(S|AMA|mxc|O|PS|SAC|LP|USB|ACM|GS|HS|MSM|MV|SC|TCC|UL|SIF|ATH)\\d*|console|hvc\\d+");
    }
}
