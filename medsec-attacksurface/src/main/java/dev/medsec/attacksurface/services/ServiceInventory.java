package dev.medsec.attacksurface.services;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ImageKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every service an image starts: sysvinit and BusyBox inittab, init.d scripts enabled through rc?.d links (or
 * BusyBox's S??name convention), inetd.conf, xinetd.d (honouring {@code disable = yes}), systemd units enabled
 * through {@code *.wants/} links, runit service directories and OpenRC runlevels.
 */
public final class ServiceInventory {
    private static final int MAX_FILE = 1 << 20;
    private static final Pattern RC_LINK = Pattern.compile("/etc/rc[0-6sS]\\.d/S\\d\\d(.+)|/etc/rc\\.d/rc[0-6sS]\\.d/S\\d\\d(.+)");
    private static final Pattern WANTS = Pattern.compile("/(etc|usr/lib|lib)/systemd/system/[^/]+\\.(wants|requires)/([^/]+)");
    // Compiled once: the inventory tests every path of the image against them.
    private static final java.util.regex.Pattern BUSYBOX_RCS = java.util.regex.Pattern.compile("/etc/init\\.d/S\\d\\d[^/]+");
    private static final java.util.regex.Pattern OPENRC =
            java.util.regex.Pattern.compile("/etc/runlevels/(sysinit|boot|default|nonetwork)/[^/]+");
    private static final java.util.regex.Pattern RUNIT =
            java.util.regex.Pattern.compile("/(etc/service|var/service|service|etc/runit/runsvdir/default)/[^/]+");
    private static final Pattern XINETD_SERVICE = Pattern.compile("(?m)^\\s*service\\s+(\\S+)");
    private static final Pattern XINETD_DISABLE = Pattern.compile("(?m)^\\s*disable\\s*=\\s*yes\\b");
    private static final Pattern XINETD_SERVER = Pattern.compile("(?m)^\\s*server\\s*=\\s*(\\S+)");
    private static final Pattern XINETD_ARGS = Pattern.compile("(?m)^\\s*server_args\\s*=\\s*(.*?)\\s*$");
    private static final Pattern XINETD_USER = Pattern.compile("(?m)^\\s*user\\s*=\\s*(\\S+)");
    private static final Pattern XINETD_PORT = Pattern.compile("(?m)^\\s*port\\s*=\\s*(\\d{1,5})");
    private static final Pattern XINETD_BIND = Pattern.compile("(?m)^\\s*(?:bind|interface)\\s*=\\s*(\\S+)");

    /** inittab actions that run a command once during boot rather than keeping a process. */
    private static final java.util.Set<String> ONE_SHOT = java.util.Set.of("sysinit", "wait", "boot", "bootwait");
    /** Programs that give a terminal to a user: their inittab entry is named by the terminal. */
    private static final java.util.Set<String> TERMINAL_PROGRAMS = java.util.Set.of("sh", "ash", "bash", "dash", "hush",
            "zsh", "ksh", "login", "sulogin", "su", "busybox");

    private ServiceInventory() {
    }

    /** The services the image starts; found once per image and shared by the checks that ask. */
    public static List<Service> find(Image image) {
        return image.shared(SERVICES);
    }

    private static final ImageKey<List<Service>> SERVICES = ImageKey.of("services", ServiceInventory::scan);

    private static List<Service> scan(Image image) {
        List<Service> out = new ArrayList<>();
        List<Artifact> wantsLinks = new ArrayList<>();
        for (Artifact a : image.artifacts()) {
            String p = a.innerPath();
            try {
                if (p.equals("/etc/inittab")) {
                    inittab(a, out);
                } else if (p.equals("/etc/inetd.conf")) {
                    inetd(a, out);
                } else if (p.startsWith("/etc/xinetd.d/") && a.hasContent()) {
                    xinetd(a, out);
                } else if (RC_LINK.matcher(p).matches()) {
                    Matcher m = RC_LINK.matcher(p);
                    if (m.matches()) {
                        String name = m.group(1) != null ? m.group(1) : m.group(2);
                        add(out, new Service(name, Service.InitSystem.SYSV_RC, a.path(), ""));
                        Optional<Artifact> script = image.resolve(a);
                        if (script.isPresent()) {
                            daemons(script.get(), out);
                        }
                    }
                } else if (BUSYBOX_RCS.matcher(p).matches() && a.kind() != EntryKind.DIRECTORY) {
                    // BusyBox rcS runs /etc/init.d/S??* in order.
                    add(out, new Service(p.substring("/etc/init.d/S00".length()), Service.InitSystem.SYSV_RC,
                            a.path(), ""));
                    image.resolve(a).ifPresent(script -> {
                        try {
                            daemons(script, out);
                        } catch (IOException e) {
                            // an unreadable script starts nothing we can see; the unpack stage reports it
                        }
                    });
                } else if (p.equals("/etc/rc.local") && a.hasContent()) {
                    daemons(a, out);
                } else if (WANTS.matcher(p).matches()) {
                    wantsLinks.add(a);
                } else if (OPENRC.matcher(p).matches()) {
                    add(out, new Service(a.fileName(), Service.InitSystem.OPENRC, a.path(), ""));
                } else if (RUNIT.matcher(p).matches()
                        && (a.kind() == EntryKind.SYMLINK || a.kind() == EntryKind.DIRECTORY)) {
                    add(out, new Service(a.fileName(), Service.InitSystem.RUNIT, a.path(), runitRun(image, a)));
                }
            } catch (IOException e) {
                // Unreadable entries are reported by the unpack stage; they enable nothing we can see.
            }
        }
        systemd(image, wantsLinks, out);
        return List.copyOf(out);
    }

    private static void add(List<Service> out, Service s) {
        for (Service o : out) {
            if (o.path().equals(s.path()) && o.name().equals(s.name()) && o.command().equals(s.command())) {
                return;
            }
        }
        out.add(s);
    }

    /** The daemons a script starts (see {@link InitScriptDaemons}), each a service named by its program. */
    private static void daemons(Artifact script, List<Service> out) throws IOException {
        if (!script.hasContent() || script.size() > MAX_FILE) {
            return;
        }
        for (InitScriptDaemons.Started started : InitScriptDaemons.startCommands(script)) {
            String cmd = started.command();
            String prog = CommandLine.daemon(cmd);
            add(out, new Service(InitScriptDaemons.base(prog), Service.InitSystem.SYSV_RC, script.path(), cmd,
                    started.user(), ListenAddresses.of(cmd), true));
        }
    }

    static List<String> lines(Artifact a) throws IOException {
        if (!a.hasContent() || a.size() > MAX_FILE) {
            return List.of();
        }
        ByteBuffer b = a.bytes();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return List.of(new String(bytes, StandardCharsets.UTF_8).split("\n"));
    }

    /** inittab: sysvinit "id:runlevels:action:process", BusyBox "tty::action:process". */
    private static void inittab(Artifact a, List<Service> out) throws IOException {
        for (String raw : lines(a)) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split(":", 4);
            if (f.length < 4) {
                continue;
            }
            String action = f[2].strip().toLowerCase(Locale.ROOT);
            if (action.equals("off") || action.equals("initdefault") || action.equals("ctrlaltdel")
                    || action.equals("shutdown") || action.equals("restart") || action.equals("powerfail")
                    || action.equals("powerwait") || action.equals("powerokwait") || action.equals("powerfailnow")) {
                continue;
            }
            String process = f[3].strip();
            String program = process.isEmpty() ? "" : InitScriptDaemons.base(process.split("\\s+")[0].replaceFirst("^-", ""));
            Service probe = new Service(program, Service.InitSystem.INITTAB, a.path(), process);
            boolean terminalProgram = TERMINAL_PROGRAMS.contains(program) || program.endsWith("getty");
            if (ONE_SHOT.contains(action) && ServiceKind.of(probe).isEmpty() && !terminalProgram) {
                // system initialisation (mount, rcS): a command run once, not a service — unless it starts one
                continue;
            }
            // BusyBox leaves the id empty (the console) or names the tty: a shell or getty runs on that terminal
            // and is named by it; any other process is the service its program is ("::respawn:/usr/sbin/telnetd").
            String id = f[0].isEmpty() ? (terminalProgram ? "console" : program) : f[0];
            add(out, new Service(id.isEmpty() ? "console" : id, Service.InitSystem.INITTAB, a.path(), process));
        }
    }

    /** inetd.conf: "service socktype proto wait user server args". */
    private static void inetd(Artifact a, List<Service> out) throws IOException {
        for (String raw : lines(a)) {
            String l = raw.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+", 6);
            if (f.length < 6) {
                continue;
            }
            String name = f[0].contains(":") ? f[0].substring(f[0].lastIndexOf(':') + 1) : f[0];
            // the service name and protocol are the listening address (/etc/services gives the port)
            List<String> listen = new ArrayList<>(List.of(f[0] + "/" + f[2]));
            add(out, new Service(name, Service.InitSystem.INETD, a.path(), f[5], f[4], listen, true));
        }
    }

    private static void xinetd(Artifact a, List<Service> out) throws IOException {
        String text = String.join("\n", lines(a));
        Matcher m = XINETD_SERVICE.matcher(text);
        if (!m.find() || XINETD_DISABLE.matcher(text).find()) {
            return;
        }
        Matcher server = XINETD_SERVER.matcher(text);
        String command = server.find() ? server.group(1) : "";
        Matcher args = XINETD_ARGS.matcher(text);
        if (args.find()) {
            command = (command + " " + args.group(1)).strip();
        }
        Matcher user = XINETD_USER.matcher(text);
        Matcher port = XINETD_PORT.matcher(text);
        Matcher bind = XINETD_BIND.matcher(text);
        String at = bind.find() ? bind.group(1) + ":" : "";
        List<String> listen = port.find() ? List.of(at + port.group(1)) : List.of(m.group(1) + (at.isEmpty() ? "" : "@" + at.substring(0, at.length() - 1)));
        add(out, new Service(m.group(1), Service.InitSystem.XINETD, a.path(), command, user.find() ? user.group(1) : "",
                listen, true));
    }

    /**
     * systemd units enabled through {@code .wants/}/{@code .requires/} links: a service with its ExecStart and
     * User=; a socket with its Listen*= addresses and the command and user of the service it activates; each marked
     * reachable or not from the default target.
     */
    private static void systemd(Image image, List<Artifact> links, List<Service> out) {
        Map<String, SystemdUnits> byLayer = new LinkedHashMap<>();
        for (Artifact link : links) {
            Matcher m = WANTS.matcher(link.innerPath());
            if (!m.matches()) {
                continue;
            }
            String name = m.group(3);
            SystemdUnits units = byLayer.computeIfAbsent(link.layer(), l -> new SystemdUnits(image, l));
            Optional<SystemdUnits.UnitFile> unit = units.unit(name);
            String command = "";
            String user = "";
            List<String> listen = List.of();
            if (unit.isPresent() && (name.endsWith(".socket") || name.endsWith(".timer"))) {
                listen = SystemdUnits.listens(unit.get());
                Optional<SystemdUnits.UnitFile> service = units.unit(SystemdUnits.activated(name, unit.get()));
                if (service.isPresent()) {
                    command = SystemdUnits.execStart(service.get());
                    user = SystemdUnits.user(service.get());
                }
            } else if (unit.isPresent()) {
                command = SystemdUnits.execStart(unit.get());
                user = SystemdUnits.user(unit.get());
                listen = ListenAddresses.of(command);
            }
            add(out, new Service(name, Service.InitSystem.SYSTEMD, link.path(), command, user, listen,
                    units.reachable(name)));
        }
    }

    private static String runitRun(Image image, Artifact entry) throws IOException {
        String dir = entry.innerPath();
        Optional<Artifact> resolved = image.resolve(entry);
        if (resolved.isPresent()) {
            dir = resolved.get().innerPath();
        }
        Optional<Artifact> run = image.get(entry.layer(), dir + "/run").flatMap(image::resolve);
        if (run.isEmpty() || !run.get().hasContent()) {
            return "";
        }
        for (String l : lines(run.get())) {
            String s = l.strip();
            if (s.startsWith("exec ")) {
                return s.substring(5).replaceFirst("^(chpst\\s+(-\\S+\\s+\\S+\\s+)*)", "");
            }
        }
        return "";
    }

    /** Name to services, for reports: a name may be enabled by several entries. */
    public static Map<String, List<Service>> byName(List<Service> services) {
        Map<String, List<Service>> m = new LinkedHashMap<>();
        for (Service s : services) {
            m.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s);
        }
        return m;
    }
}
