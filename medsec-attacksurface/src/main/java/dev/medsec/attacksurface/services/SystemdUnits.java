package dev.medsec.attacksurface.services;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The systemd units of one layer, read as systemd reads them: unit files looked up by name in /etc, /usr/lib and
 * /lib (in that order of precedence), aliases followed, template instances ("getty@tty1.service") read from their
 * template, and the set of units the default target pulls in through Wants=/Requires= and {@code .wants/}
 * directories, so a unit enabled only for rescue.target is told from one that starts at every boot.
 */
final class SystemdUnits {
    static final List<String> UNIT_DIRS = List.of("/etc/systemd/system/", "/usr/lib/systemd/system/",
            "/lib/systemd/system/");
    /** Bounds a hostile image's unit graph; a real one has a few hundred units. */
    private static final int MAX_UNITS = 10_000;

    private final Image image;
    private final String layer;
    private final Map<String, Optional<UnitFile>> cache = new LinkedHashMap<>();
    private Optional<Set<String>> reachable;

    SystemdUnits(Image image, String layer) {
        this.image = image;
        this.layer = layer;
    }

    /** A parsed unit file: every "Section.Key" with its values in order ("Key=" with no value empties the list). */
    record UnitFile(String name, String path, Map<String, List<String>> values) {
        List<String> all(String sectionKey) {
            return values.getOrDefault(sectionKey, List.of());
        }

        String first(String sectionKey) {
            List<String> v = all(sectionKey);
            return v.isEmpty() ? "" : v.get(0);
        }

        static UnitFile parse(String name, String path, List<String> lines) {
            Map<String, List<String>> values = new LinkedHashMap<>();
            apply(values, lines);
            return new UnitFile(name, path, values);
        }

        /** This unit with a drop-in applied after it ("ExecStart=" then "ExecStart=/x" replaces the command). */
        UnitFile withDropIn(List<String> lines) {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            values.forEach((k, v) -> copy.put(k, new ArrayList<>(v)));
            apply(copy, lines);
            return new UnitFile(name, path, copy);
        }

        private static void apply(Map<String, List<String>> values, List<String> lines) {
            String section = "";
            String continued = null;
            for (String raw : lines) {
                String l = raw.strip();
                if (continued != null) {
                    // a trailing backslash joins the next line (ExecStart= split over lines)
                    l = continued + " " + l;
                    continued = null;
                }
                if (l.endsWith("\\")) {
                    continued = l.substring(0, l.length() - 1).strip();
                    continue;
                }
                if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                    continue;
                }
                if (l.startsWith("[") && l.endsWith("]")) {
                    section = l.substring(1, l.length() - 1).strip();
                    continue;
                }
                int eq = l.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = section + "." + l.substring(0, eq).strip();
                String value = l.substring(eq + 1).strip();
                List<String> list = values.computeIfAbsent(key, k -> new ArrayList<>());
                if (value.isEmpty()) {
                    list.clear();
                } else {
                    list.add(value);
                }
            }
        }
    }

    /** The unit file for {@code name}: own file, alias link, or template. */
    Optional<UnitFile> unit(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private Optional<UnitFile> load(String name) {
        Optional<Artifact> file = find(name);
        if (file.isEmpty()) {
            int at = name.indexOf('@');
            int dot = name.lastIndexOf('.');
            if (at > 0 && dot > at + 1) {
                file = find(name.substring(0, at + 1) + name.substring(dot));
            }
        }
        if (file.isEmpty() || !file.get().hasContent()) {
            return Optional.empty();
        }
        try {
            UnitFile unit = UnitFile.parse(name, file.get().path(), ServiceInventory.lines(file.get()));
            for (Artifact dropIn : dropIns(name)) {
                unit = unit.withDropIn(ServiceInventory.lines(dropIn));
            }
            return Optional.of(unit);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The unit's drop-ins ({@code NAME.d/*.conf}, and the template's for an instance), in the order systemd applies
     * them: by file name, a file in /etc hiding the same name in /usr/lib or /lib.
     */
    private List<Artifact> dropIns(String name) {
        Map<String, Artifact> byFile = new java.util.TreeMap<>();
        List<String> dirs = new ArrayList<>();
        int at = name.indexOf('@');
        int dot = name.lastIndexOf('.');
        if (at > 0 && dot > at + 1) {
            dirs.add(name.substring(0, at + 1) + name.substring(dot) + ".d");
        }
        dirs.add(name + ".d");
        for (String d : dirs) {
            for (String base : UNIT_DIRS) {
                for (Artifact a : image.children(layer, base + d)) {
                    if (a.fileName().endsWith(".conf")) {
                        Optional<Artifact> resolved = image.resolve(a);
                        if (resolved.isPresent() && resolved.get().hasContent()) {
                            byFile.putIfAbsent(d + "/" + a.fileName(), resolved.get());
                        }
                    }
                }
            }
        }
        // the template's drop-ins first, then the instance's, each by file name
        List<Artifact> out = new ArrayList<>();
        for (String d : dirs) {
            byFile.forEach((k, v) -> {
                if (k.startsWith(d + "/")) {
                    out.add(v);
                }
            });
        }
        return out;
    }

    private Optional<Artifact> find(String name) {
        for (String dir : UNIT_DIRS) {
            Optional<Artifact> a = image.get(layer, dir + name);
            if (a.isEmpty()) {
                continue;
            }
            Optional<Artifact> resolved = resolveUnitLink(a.get());
            if (resolved.isPresent()) {
                return resolved;
            }
        }
        return Optional.empty();
    }

    /** Follows a unit link; an absolute /lib target also tried under /usr (merged /usr trees). */
    Optional<Artifact> resolveUnitLink(Artifact a) {
        Optional<Artifact> r = image.resolve(a);
        if (r.isEmpty() && a.kind() == EntryKind.SYMLINK) {
            Optional<String> t = a.meta().linkTarget();
            if (t.isPresent() && t.get().startsWith("/lib/")) {
                r = image.get(a.layer(), "/usr" + t.get()).flatMap(image::resolve);
            }
        }
        return r.filter(x -> x.kind() != EntryKind.SYMLINK);
    }

    /** The unit name an alias link resolves to ("sshd.service" -> "ssh.service"), or the name itself. */
    String canonical(String name) {
        for (String dir : UNIT_DIRS) {
            Optional<Artifact> a = image.get(layer, dir + name);
            if (a.isPresent() && a.get().kind() == EntryKind.SYMLINK) {
                return a.get().meta().linkTarget().map(t -> t.substring(t.lastIndexOf('/') + 1))
                        .filter(t -> t.contains(".")).orElse(name);
            }
            if (a.isPresent()) {
                return name;
            }
        }
        return name;
    }

    /** The default target's name, when the image has one. */
    Optional<String> defaultTarget() {
        for (String dir : UNIT_DIRS) {
            Optional<Artifact> a = image.get(layer, dir + "default.target");
            if (a.isPresent()) {
                return Optional.of(canonical("default.target"));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the default target pulls the unit in. True when the image has no default target (nothing to tell it
     * by), so an image we cannot judge never hides a service.
     */
    boolean reachable(String name) {
        if (reachable == null) {
            reachable = defaultTarget().map(this::closure);
        }
        return reachable.map(set -> set.contains(canonical(name)) || set.contains(name)
                || set.contains(templateOf(name))).orElse(true);
    }

    private static String templateOf(String name) {
        int at = name.indexOf('@');
        int dot = name.lastIndexOf('.');
        return at > 0 && dot > at ? name.substring(0, at + 1) + name.substring(dot) : name;
    }

    private Set<String> closure(String root) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty() && seen.size() < MAX_UNITS) {
            String u = canonical(todo.poll());
            if (!seen.add(u)) {
                continue;
            }
            for (String dir : UNIT_DIRS) {
                for (String suffix : List.of(".wants", ".requires")) {
                    for (Artifact child : image.children(layer, dir + u + suffix)) {
                        todo.add(child.fileName());
                    }
                }
            }
            Optional<UnitFile> f = unit(u);
            if (f.isPresent()) {
                for (String key : List.of("Unit.Wants", "Unit.Requires", "Unit.BindsTo", "Unit.Upholds")) {
                    for (String v : f.get().all(key)) {
                        for (String dep : v.split("\\s+")) {
                            if (!dep.isEmpty()) {
                                todo.add(dep);
                            }
                        }
                    }
                }
                // A socket activates its service, a timer its unit.
                if (u.endsWith(".socket") || u.endsWith(".timer")) {
                    todo.add(activated(u, f.get()));
                }
            }
        }
        return seen;
    }

    /** The unit a socket or timer starts: the socket's service, the timer's Unit= or NAME.service. */
    static String activated(String name, UnitFile unit) {
        if (name.endsWith(".socket")) {
            return socketService(name, unit);
        }
        String explicit = unit.first("Timer.Unit");
        return explicit.isEmpty() ? name.substring(0, name.lastIndexOf('.')) + ".service" : explicit;
    }

    /** The service a socket unit starts: Service=, else NAME@.service when Accept=yes, else NAME.service. */
    static String socketService(String socketName, UnitFile socket) {
        String explicit = socket.first("Socket.Service");
        if (!explicit.isEmpty()) {
            return explicit;
        }
        String base = socketName.substring(0, socketName.length() - ".socket".length());
        boolean accept = socket.all("Socket.Accept").stream().reduce((a, b) -> b)
                .map(v -> v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("true") || v.equals("1")).orElse(false);
        return base + (accept ? "@" : "") + ".service";
    }

    /** ExecStart's command with systemd's prefixes ("-", "@", "+", "!", ":") removed; "" when there is none. */
    static String execStart(UnitFile service) {
        List<String> v = service.all("Service.ExecStart");
        return v.isEmpty() ? "" : v.get(0).replaceFirst("^[-@:+!]+", "").strip();
    }

    /** User=, "dynamic" for DynamicUser=yes, "" when the unit leaves it to systemd (root). */
    static String user(UnitFile service) {
        String u = service.all("Service.User").stream().reduce((a, b) -> b).orElse("");
        if (u.isEmpty() && service.all("Service.DynamicUser").stream().anyMatch(v -> v.equalsIgnoreCase("yes")
                || v.equalsIgnoreCase("true"))) {
            return "dynamic";
        }
        return u;
    }

    /** A socket unit's Listen*= addresses. */
    static List<String> listens(UnitFile socket) {
        List<String> out = new ArrayList<>();
        for (String key : List.of("Socket.ListenStream", "Socket.ListenDatagram", "Socket.ListenSequentialPacket")) {
            out.addAll(socket.all(key));
        }
        return out;
    }
}
