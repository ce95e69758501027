package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.Origin;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns every file of the image: the device maker (first-party), a third-party component (SOUP), or nobody
 * known. Read, in this order of precedence, from
 * <ol>
 *   <li>the device profile: {@code firstParty} path globs, then {@code soup} per-path overrides;</li>
 *   <li>package managers' file lists: dpkg and opkg {@code info/*.list}, apk {@code F:}/{@code R:} lines, rpm
 *       headers — the package's cataloged component;</li>
 *   <li>package files in the image ({@code .deb}, {@code .ipk}, {@code .apk}, {@code .rpm}): their members, and
 *       the tree paths they install (a first-stage debootstrap tree has the archives but no dpkg database);</li>
 *   <li>package directories: a jar's members, an npm package's directory, a Python distribution's RECORD;</li>
 *   <li>binary-classifier identifications (the binary named by the component);</li>
 *   <li>the enclosing file's origin (a jar inside a Debian package is that package's).</li>
 * </ol>
 * A file nothing names is {@link Origin#UNKNOWN}. Paths are compared with merged-/usr folded.
 */
public final class Origins {
    private static final Pattern LIST = Pattern.compile("/(?:var/lib/dpkg|usr/lib/opkg|var/lib/opkg)/info/([^/:]+)(?::[^/]+)?\\.list");
    private static final Pattern PACKAGE_FILE = Pattern.compile("\\.(deb|ipk|udeb|apk|rpm)!/");
    private static final Pattern RPM_NAME = Pattern.compile("(.+)-([^-]+)-([^-]+)\\.[^.]+\\.rpm");
    /** Joins a container's path and a path inside it ("/a.tar!/etc/x"). */
    private static final String SEP = "!/";
    private static final long MAX_LIST = 64L * 1024 * 1024;
    /** Sources whose component path is a package database, not a file the component ships. */
    private static final java.util.Set<String> DATABASES = java.util.Set.of("dpkg", "opkg", "apk", "rpm");

    /** What the device profile says about ownership. */
    public record Rules(List<String> firstParty, List<SoupPath> soup) {
        public static final Rules NONE = new Rules(List.of(), List.of());

        public Rules {
            firstParty = List.copyOf(firstParty);
            soup = List.copyOf(soup);
        }
    }

    /** A profile override: files matching {@code glob} belong to this third-party component. */
    public record SoupPath(String glob, String component, String version, Optional<String> supplier) {
    }

    private record Owner(Component component, String basis) {
    }

    private final Image image;
    private final Rules rules;
    private final List<PathMatcher> firstParty = new ArrayList<>();
    private final List<PathMatcher> soupMatchers = new ArrayList<>();
    /** layer → folded inner path → owner, from package databases. */
    private final Map<String, Map<String, Owner>> owned = new HashMap<>();
    /** artifact path → owner, for the files a component names directly (classified binaries, jars). */
    private final Map<String, Owner> direct = new HashMap<>();
    /** path prefixes (ending in "!/" or "/") → owner: package archives, jars, npm package directories. */
    private final Map<String, Owner> prefixes = new HashMap<>();
    private final Map<String, Origin> memo = new java.util.concurrent.ConcurrentHashMap<>();

    private Origins(Image image, Rules rules) {
        this.image = image;
        this.rules = rules;
        for (String g : rules.firstParty()) {
            firstParty.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        }
        for (SoupPath s : rules.soup()) {
            soupMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + s.glob()));
        }
    }

    /** Reads the ownership the image and the profile state; {@code image.components()} must be cataloged. */
    public static Origins of(Image image, Rules rules) {
        Origins o = new Origins(image, rules);
        o.readPackageDatabases();
        o.readPackageFiles();
        o.readComponentFiles();
        return o;
    }

    /** The origin of the file at {@code path} (an artifact path, archive layers joined with "!/"). */
    public Origin of(String path) {
        return memo.computeIfAbsent(path, this::resolve);
    }

    /** The component a cataloged (name, version) pair is, for findings that name one in their evidence. */
    public Optional<Component> component(String name, String version) {
        return image.components().stream().filter(c -> c.name().equals(name) && c.version().equals(version)).findFirst();
    }

    private Origin resolve(String path) {
        String inner = innermost(path);
        for (int i = 0; i < firstParty.size(); i++) {
            if (matches(firstParty.get(i), path, inner)) {
                return Origin.firstParty("device profile firstParty " + rules.firstParty().get(i));
            }
        }
        for (int i = 0; i < soupMatchers.size(); i++) {
            if (matches(soupMatchers.get(i), path, inner)) {
                SoupPath s = rules.soup().get(i);
                Component c = component(s.component(), s.version()).orElseGet(() -> new Component(s.component(),
                        s.version(), Purls.of("generic", null, s.component(), s.version(), Map.of()), Optional.empty(),
                        "device-profile", path, s.supplier().map(v -> Map.<String, Object>of("supplier", v)).orElse(Map.of())));
                return Origin.soup(c, "device profile soup " + s.glob());
            }
        }
        // the file itself, then each enclosing container outwards ("a.deb!/data.tar!/x" → "a.deb!/data.tar" → "a.deb")
        for (String p = path; p != null; p = enclosing(p)) {
            Optional<Owner> o = ownerOf(p);
            if (o.isPresent()) {
                String basis = o.get().basis() + (p.equals(path) ? "" : " (inside " + p + ")");
                return Origin.soup(o.get().component(), basis);
            }
        }
        return Origin.UNKNOWN;
    }

    private Optional<Owner> ownerOf(String p) {
        // a package's file list first: the distribution's package, not what a classifier reads in the binary
        Optional<Artifact> a = image.get(p);
        if (a.isPresent()) {
            Map<String, Owner> layer = owned.get(a.get().layer());
            if (layer != null) {
                Owner o = layer.get(PackageOwnership.fold(a.get().innerPath()));
                if (o != null) {
                    return Optional.of(o);
                }
            }
        }
        Owner d = direct.get(p);
        if (d != null) {
            return Optional.of(d);
        }
        // the longest prefix that contains p ("/x/node_modules/a/" before "/x/"): every prefix ends in '/'
        for (int i = p.length() - 2; i >= 0; i--) {
            if (p.charAt(i) == '/') {
                Owner o = prefixes.get(p.substring(0, i + 1));
                if (o != null) {
                    return Optional.of(o);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(PathMatcher m, String path, String inner) {
        try {
            return m.matches(Path.of(path)) || m.matches(Path.of(inner));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The path inside the innermost archive or filesystem ("/a.wic!/p2!/usr/bin/x" → "/usr/bin/x"). */
    static String innermost(String path) {
        int i = path.lastIndexOf(SEP);
        return i < 0 ? path : path.substring(i + 1);
    }

    /** The container that holds {@code path}, or null at the top. */
    static String enclosing(String path) {
        int i = path.lastIndexOf(SEP);
        return i <= 0 ? null : path.substring(0, i);
    }

    private void readPackageDatabases() {
        Map<String, Component> byLayerAndName = new HashMap<>();
        for (Component c : image.components()) {
            if (DATABASES.contains(c.source())) {
                image.get(c.path()).ifPresent(db -> byLayerAndName.putIfAbsent(db.layer() + "\u0000" + c.name(), c));
            }
        }
        for (Artifact a : image.artifacts()) {
            Matcher m = LIST.matcher(a.innerPath());
            boolean apk = a.innerPath().equals(ApkCataloger.INSTALLED);
            if (!a.hasContent() || a.size() > MAX_LIST || !(m.matches() || apk)) {
                continue;
            }
            Map<String, Owner> layer = owned.computeIfAbsent(a.layer(), k -> new HashMap<>());
            try {
                String text = new String(readAll(a), StandardCharsets.UTF_8);
                if (apk) {
                    readApk(a, text, layer, byLayerAndName);
                    continue;
                }
                String name = m.group(1);
                Component c = byLayerAndName.get(a.layer() + "\u0000" + name);
                if (c == null) {
                    // a file list without a status entry (a half-removed package): still a package's file
                    c = new Component(name, "", Optional.empty(), Optional.empty(), "package-file-list", a.path(), Map.of());
                }
                Owner owner = new Owner(c, "file list " + a.innerPath());
                for (String line : text.split("\n")) {
                    int tab = line.indexOf('\t');
                    String f = tab >= 0 ? line.substring(0, tab) : line;
                    if (f.startsWith("/") && f.length() > 1) {
                        layer.putIfAbsent(PackageOwnership.fold(f), owner);
                    }
                }
            } catch (IOException e) {
                // an unreadable list only leaves its files of unknown origin
            }
        }
        RpmCataloger.ownedFilesByPackage(image).forEach((layerName, byPackage) -> {
            Map<String, Owner> layer = owned.computeIfAbsent(layerName, k -> new HashMap<>());
            byPackage.forEach((name, files) -> {
                Component c = byLayerAndName.get(layerName + "\u0000" + name);
                if (c != null) {
                    Owner owner = new Owner(c, "rpm database");
                    files.forEach(f -> layer.putIfAbsent(PackageOwnership.fold(f), owner));
                }
            });
        });
    }

    private static void readApk(Artifact db, String text, Map<String, Owner> layer, Map<String, Component> byLayerAndName) {
        Owner owner = null;
        String dir = "";
        for (String line : text.split("\n")) {
            if (line.startsWith("P:")) {
                Component c = byLayerAndName.get(db.layer() + "\u0000" + line.substring(2).trim());
                owner = c == null ? null : new Owner(c, "apk database " + db.innerPath());
            } else if (line.startsWith("F:")) {
                dir = "/" + line.substring(2).trim();
            } else if (line.startsWith("R:") && owner != null) {
                layer.putIfAbsent(PackageOwnership.fold(dir + "/" + line.substring(2).trim()), owner);
            }
        }
    }

    /**
     * Package files carried in the image (an apt or opkg cache, an update bundle): every member is the package's,
     * and so is the tree path a data member installs to when no package database claims it.
     */
    private void readPackageFiles() {
        Map<String, Owner> archives = new LinkedHashMap<>();
        Map<String, Artifact> controls = new HashMap<>();
        for (Artifact a : image.artifacts()) {
            String p = a.path();
            int c = p.indexOf("!/control.tar");
            if (c > 0 && (p.endsWith("!/control") || p.endsWith("!/./control")) && a.hasContent() && a.size() < 1 << 20) {
                controls.putIfAbsent(p.substring(0, c), a);
            }
        }
        for (Artifact a : image.artifacts()) {
            String p = a.path();
            Matcher m = PACKAGE_FILE.matcher(p);
            if (!m.find()) {
                continue;
            }
            String archive = p.substring(0, m.end() - 2);
            Owner owner = archives.computeIfAbsent(archive, k -> packageFileOwner(k, controls.get(k)));
            if (owner == null) {
                continue;
            }
            prefixes.putIfAbsent(archive + SEP, owner);
            direct.putIfAbsent(archive, owner);
            // "/var/cache/apt/archives/x.deb!/data.tar.xz!/usr/bin/foo" installs /usr/bin/foo
            String rest = p.substring(archive.length() + 2);
            int sep = rest.indexOf(SEP);
            if (sep > 0 && rest.startsWith("data.tar") && rest.indexOf(SEP, sep + 1) < 0) {
                Optional<Artifact> arc = image.get(archive);
                if (arc.isPresent()) {
                    owned.computeIfAbsent(arc.get().layer(), k -> new HashMap<>())
                            .putIfAbsent(PackageOwnership.fold(rest.substring(sep + 1)),
                                    new Owner(owner.component(), "installed by package file " + archive));
                }
            }
        }
    }

    /** The component a package file is: its control data (name, version), the cataloged component where one matches. */
    private Owner packageFileOwner(String archive, Artifact control) {
        String name = null;
        String version = null;
        String type = archive.substring(archive.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        if (control != null) {
            try (InputStream in = control.open()) {
                List<Map<String, String>> st = ControlStanzas.parse(in);
                if (!st.isEmpty()) {
                    name = st.get(0).get("Package");
                    version = st.get(0).get("Version");
                }
            } catch (IOException e) {
                // falls back to the file name
            }
        }
        String file = archive.substring(archive.lastIndexOf('/') + 1);
        if (name == null && (type.equals("deb") || type.equals("ipk") || type.equals("udeb"))) {
            String[] parts = file.substring(0, file.length() - type.length() - 1).split("_");
            if (parts.length >= 2) {
                name = parts[0];
                version = java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
            }
        } else if (name == null && type.equals("rpm")) {
            Matcher m = RPM_NAME.matcher(file);
            if (m.matches()) {
                name = m.group(1);
                version = m.group(2) + "-" + m.group(3);
            }
        } else if (name == null && type.equals("apk")) {
            int dash = file.lastIndexOf('-', file.lastIndexOf('-') - 1);
            if (dash > 0) {
                name = file.substring(0, dash);
                version = file.substring(dash + 1, file.length() - 4);
            }
        }
        if (name == null || version == null) {
            return null;
        }
        final String n = name;
        final String v = version;
        Component c = image.components().stream().filter(x -> x.name().equals(n) && x.version().equals(v)
                && DATABASES.contains(x.source())).findFirst().orElseGet(() -> new Component(n, v,
                Purls.of(type.equals("rpm") ? "rpm" : type.equals("apk") ? "apk" : "deb", null, n, v, Map.of()),
                Optional.empty(), "package-file", archive, Map.of()));
        return new Owner(c, "package file " + archive);
    }

    /** Files a component names itself: a classified binary, a jar and its members, an npm or Python package. */
    private void readComponentFiles() {
        for (Component c : image.components()) {
            if (DATABASES.contains(c.source())) {
                continue;
            }
            Owner owner = new Owner(c, c.source() + " " + c.path());
            String p = c.path();
            switch (c.source()) {
                case "npm" -> {
                    int slash = p.lastIndexOf('/');
                    if (slash > 0) {
                        prefixes.putIfAbsent(p.substring(0, slash + 1), owner);
                    }
                }
                case "python" -> readRecord(c, owner);
                default -> {
                    direct.putIfAbsent(p, owner);
                    prefixes.putIfAbsent(p + SEP, owner);
                }
            }
        }
    }

    /** A wheel's RECORD ("path,hash,size" relative to site-packages) lists every file it installed. */
    private void readRecord(Component c, Owner owner) {
        int slash = c.path().lastIndexOf('/');
        if (slash <= 0 || !c.path().substring(0, slash).endsWith(".dist-info")) {
            return;
        }
        String distInfo = c.path().substring(0, slash);
        String sitePackages = distInfo.substring(0, distInfo.lastIndexOf('/') + 1);
        Optional<Artifact> record = image.get(distInfo + "/RECORD");
        if (record.isEmpty() || !record.get().hasContent() || record.get().size() > MAX_LIST) {
            prefixes.putIfAbsent(distInfo + "/", owner);
            return;
        }
        try {
            for (String line : new String(readAll(record.get()), StandardCharsets.UTF_8).split("\r?\n")) {
                int comma = line.indexOf(',');
                String rel = comma >= 0 ? line.substring(0, comma) : line;
                if (!rel.isEmpty() && !rel.startsWith("/") && !rel.contains("..")) {
                    direct.putIfAbsent(sitePackages + rel, owner);
                }
            }
        } catch (IOException e) {
            prefixes.putIfAbsent(distInfo + "/", owner);
        }
    }

    private static byte[] readAll(Artifact a) throws IOException {
        try (InputStream in = a.open()) {
            return in.readNBytes((int) Math.min(a.size(), MAX_LIST));
        }
    }
}
