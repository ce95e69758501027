package dev.medsec.attacksurface.services;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classes of services that matter for the attack surface, recognised by the service's name or the program its
 * command runs. Names are matched as whole words so "telnet" does not match "telnetlib-helper".
 */
public enum ServiceKind {
    TELNET("telnet server", "(in\\.)?u?telnetd?(\\.socket|\\.service)?|telnetd@?.*"),
    FTP("FTP server", "(in\\.)?ftpd?|vsftpd|proftpd|pure-ftpd|bftpd|ftp\\.socket"),
    TFTP("TFTP server", "(in\\.)?tftpd?(-hpa)?|atftpd|tftp\\.socket|tftpd-hpa"),
    R_SERVICES("r-service (rsh/rlogin/rexec)", "(in\\.)?(rshd|rlogind|rexecd)|shell|login|exec|rsh\\.socket"
            + "|rlogin\\.socket|rexec\\.socket|rsh|rlogin|rexec"),
    GDBSERVER("remote debugger (gdbserver)", "gdbserver"),
    ADB("Android debug bridge daemon", "adbd|android-tools-adbd|adb"),
    DEBUG_SHELL("debug shell", "debug-shell"),
    FINGER("finger server", "(in\\.)?fingerd|finger"),
    SSH("SSH server", "sshd|ssh|dropbear|openssh-server|ssh\\.socket"),
    /** Recognised by its command line only (see {@link #isBindShell}), never by a name. */
    BIND_SHELL("shell bound to a network port", "(?!)");

    private final String label;
    private final Pattern pattern;

    ServiceKind(String label, String regex) {
        this.label = label;
        this.pattern = Pattern.compile(regex);
    }

    public String label() {
        return label;
    }

    /** True for kinds whose presence is itself a finding (everything but SSH, which principle 7 audits). */
    public boolean isInsecure() {
        return this != SSH;
    }

    /** inetd service names of the r-services; elsewhere these words name nothing in particular. */
    private static final java.util.Set<String> INETD_ONLY = java.util.Set.of("shell", "login", "exec");

    /**
     * netcat or socat listening with a shell attached: {@code nc -l -p 4444 -e /bin/sh}, {@code busybox nc -ll -p 23
     * -e /bin/sh}, {@code ncat -lk 4444 -c sh}, {@code socat TCP-LISTEN:4444,fork EXEC:/bin/sh}.
     */
    private static final Pattern NETCAT_SHELL = Pattern.compile(
            "(?:^|\\s)(?:-[a-zA-Z]*l[a-zA-Z]*|--listen)(?:\\s.*)?\\s(?:-e|-c|--exec|--sh-exec)\\s+\\S*\\b(?:sh|ash|bash|dash|hush|zsh|ksh|login)\\b"
                    + "|(?:^|\\s)(?:-e|-c|--exec|--sh-exec)\\s+\\S*\\b(?:sh|ash|bash|dash|hush|zsh|ksh|login)\\b.*\\s(?:-[a-zA-Z]*l[a-zA-Z]*|--listen)(?:\\s|$)");
    private static final Pattern SOCAT_SHELL = Pattern.compile(
            "(?i)(?:tcp|tcp4|tcp6|udp|udp4|udp6|sctp)-listen:\\S*\\s+(?:exec|system):['\"]?\\S*\\b(?:sh|ash|bash|dash|hush|zsh|ksh|login)\\b"
                    + "|(?:exec|system):['\"]?\\S*\\b(?:sh|ash|bash|dash|hush|zsh|ksh|login)\\b\\S*\\s+(?:tcp|tcp4|tcp6|udp|udp4|udp6|sctp)-listen:");
    private static final java.util.Set<String> NETCATS = java.util.Set.of("nc", "netcat", "ncat", "nc.traditional",
            "nc.openbsd");

    /** True when the command runs a shell for whoever connects to a port it listens on. */
    static boolean isBindShell(String command) {
        List<String> words = CommandLine.words(command);
        if (words.isEmpty()) {
            return false;
        }
        String prog = base(words.get(0));
        String rest = String.join(" ", words.subList(1, words.size()));
        if (prog.equals("busybox") && words.size() > 1) {
            prog = base(words.get(1));
            rest = String.join(" ", words.subList(2, words.size()));
        }
        if (NETCATS.contains(prog)) {
            return NETCAT_SHELL.matcher(" " + rest).find();
        }
        return prog.equals("socat") && SOCAT_SHELL.matcher(rest).find();
    }

    /** The kind of a service, from its name, or else from its command's program. */
    public static Optional<ServiceKind> of(Service s) {
        if (isBindShell(s.command())) {
            return Optional.of(BIND_SHELL);
        }
        String name = strip(s.name());
        boolean superServer = s.system() == Service.InitSystem.INETD || s.system() == Service.InitSystem.XINETD;
        Optional<ServiceKind> k = INETD_ONLY.contains(name.toLowerCase(Locale.ROOT)) && !superServer
                ? Optional.empty() : byWord(name);
        if (k.isPresent()) {
            return k;
        }
        for (String word : programs(s.command())) {
            k = byWord(word);
            if (k.isPresent()) {
                return k;
            }
        }
        return Optional.empty();
    }

    private static Optional<ServiceKind> byWord(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        for (ServiceKind k : values()) {
            if (k.pattern.matcher(w).matches()) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The program and, for wrappers (tcpd, busybox, start-stop-daemon), the wrapped program. */
    static List<String> programs(String command) {
        String[] words = command.trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty()) {
            return List.of();
        }
        String first = base(words[0]);
        if ((first.equals("tcpd") || first.equals("busybox")) && words.length > 1) {
            return List.of(first, base(words[1]));
        }
        return List.of(first);
    }

    private static String base(String path) {
        String p = path.startsWith("-") || path.startsWith("@") ? path.substring(1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }

    /** "S20telnetd" -> "telnetd", "telnet.socket" kept, "serial-getty@ttyS0.service" -> "serial-getty@ttyS0". */
    static String strip(String name) {
        String n = name.replaceFirst("^[SK]\\d\\d", "");
        return n.endsWith(".service") ? n.substring(0, n.length() - ".service".length()) : n;
    }
}
