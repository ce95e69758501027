package dev.medsec.attacksurface.kernel;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ImagePaths;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sysctl settings a root filesystem applies at boot, computed as systemd-sysctl and procps do: files named
 * {@code *.conf} in /etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d and /lib/sysctl.d,
 * a file in an earlier directory hiding one of the same name in a later directory, applied in file-name order,
 * then /etc/sysctl.conf; the last assignment of a key wins.
 */
public final class SysctlSettings {
    private static final List<String> DIRS = List.of("/etc/sysctl.d", "/run/sysctl.d", "/usr/local/lib/sysctl.d",
            "/usr/lib/sysctl.d", "/lib/sysctl.d");
    private static final int MAX_FILE = 1 << 20;

    /**
     * One effective setting.
     *
     * @param path image path of the file that set it last
     */
    public record Setting(String key, String value, String path, int line) {
    }

    /** The effective settings of one root filesystem (one layer). */
    public record Effective(String layer, Map<String, Setting> settings, List<String> files) {
        public Effective {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
            files = List.copyOf(files);
        }

        /** Key to value, for rule evaluation. */
        public Map<String, String> values() {
            Map<String, String> m = new LinkedHashMap<>();
            settings.forEach((k, s) -> m.put(k, s.value()));
            return m;
        }
    }

    private SysctlSettings() {
    }

    /**
     * Layers that hold a root filesystem (an /etc with passwd, os-release or sysctl files). The data tree of a
     * package file the image carries (an apt cache's .deb) is an install payload, not a system that boots: its
     * default sysctl.conf is not the device's configuration.
     */
    public static Set<String> rootLayers(Image image) {
        Set<String> out = new LinkedHashSet<>();
        for (String marker : List.of("/etc/passwd", "/etc/os-release", "/etc/sysctl.conf", "/etc/inittab")) {
            image.findAll(marker).forEach(a -> out.add(a.layer()));
        }
        for (Artifact a : image.artifacts()) {
            if (a.innerPath().startsWith("/etc/sysctl.d/")) {
                out.add(a.layer());
            }
        }
        out.removeIf(l -> PACKAGE_PAYLOAD.matcher(l).find());
        return out;
    }

    private static final java.util.regex.Pattern PACKAGE_PAYLOAD = java.util.regex.Pattern.compile("\\.(deb|udeb|ipk|rpm|apk)!/");

    public static List<Effective> find(Image image) throws IOException {
        List<Effective> out = new ArrayList<>();
        for (String layer : rootLayers(image)) {
            out.add(of(image, layer));
        }
        return out;
    }

    public static Effective of(Image image, String layer) throws IOException {
        TreeMap<String, Artifact> byName = new TreeMap<>();
        for (String dir : DIRS) {
            for (Artifact a : image.children(layer, dir)) {
                Artifact f = image.resolve(a).orElse(a);
                // /dev/null symlinks mask a vendor file, as in systemd.
                if (a.fileName().endsWith(".conf") && !byName.containsKey(a.fileName())) {
                    byName.put(a.fileName(), f);
                }
            }
        }
        List<Artifact> order = new ArrayList<>(byName.values());
        image.get(layer, "/etc/sysctl.conf").flatMap(image::resolve).ifPresent(order::add);
        Map<String, Setting> settings = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        for (Artifact a : order) {
            if (!a.hasContent() || a.size() > MAX_FILE) {
                continue;
            }
            files.add(a.path());
            parse(a.path(), a.bytes(), settings);
        }
        return new Effective(layer, settings, files);
    }

    static void parse(String path, ByteBuffer content, Map<String, Setting> into) {
        byte[] b = new byte[content.remaining()];
        content.duplicate().get(b);
        String[] lines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("-")) {
                l = l.substring(1).strip();
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = l.substring(0, eq).strip().replace('/', '.');
            String value = l.substring(eq + 1).strip();
            if (key.contains("*") || key.contains("?")) {
                continue;
            }
            into.remove(key);
            into.put(key, new Setting(key, value, path, i + 1));
        }
    }

    /** Image path used for a rule result when no file sets the key. */
    public static String defaultPath(String layer) {
        return ImagePaths.join(layer, "/etc/sysctl.conf");
    }
}
