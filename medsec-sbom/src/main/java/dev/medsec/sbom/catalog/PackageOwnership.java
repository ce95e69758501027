package dev.medsec.sbom.catalog;

import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The files each root filesystem's package manager owns (dpkg {@code info/*.list}, opkg {@code info/*.list},
 * apk {@code F:}/{@code R:} lines, rpm header file lists). A file a distribution package owns is that package's, identified with the
 * distribution's version; reading an upstream version out of it again would report a back-ported Debian glibc as
 * vulnerable upstream glibc. Paths are compared with merged-/usr folded ("/usr/lib/x" and "/lib/x" are one file).
 */
final class PackageOwnership {
    private static final Pattern LISTS = Pattern.compile("/var/lib/dpkg/info/[^/]+\\.list|/(usr|var)/lib/opkg/info/[^/]+\\.list");
    private static final long MAX_LIST = 64L * 1024 * 1024;

    private final Map<String, Set<String>> ownedByLayer = new HashMap<>();

    static PackageOwnership of(Image image) {
        PackageOwnership o = new PackageOwnership();
        RpmCataloger.ownedFiles(image).forEach((layer, files) -> {
            Set<String> owned = o.ownedByLayer.computeIfAbsent(layer, k -> new HashSet<>());
            files.forEach(f -> owned.add(fold(f)));
        });
        for (Artifact a : image.artifacts()) {
            boolean list = LISTS.matcher(a.innerPath()).matches();
            boolean apk = a.innerPath().equals(ApkCataloger.INSTALLED);
            if (!a.hasContent() || a.size() > MAX_LIST || !(list || apk)) {
                continue;
            }
            Set<String> owned = o.ownedByLayer.computeIfAbsent(a.layer(), k -> new HashSet<>());
            try {
                String dir = "";
                for (String line : new String(readAll(a), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    if (list) {
                        int tab = line.indexOf('\t');
                        owned.add(fold(tab >= 0 ? line.substring(0, tab) : line));
                    } else if (line.startsWith("F:")) {
                        dir = "/" + line.substring(2);
                    } else if (line.startsWith("R:")) {
                        owned.add(fold(dir + "/" + line.substring(2)));
                    }
                }
            } catch (IOException e) {
                // an unreadable list only means fewer files are known to be owned
            }
        }
        return o;
    }

    private static byte[] readAll(Artifact a) throws IOException {
        try (var in = a.open()) {
            return in.readNBytes((int) Math.min(a.size(), MAX_LIST));
        }
    }

    /** Whether a package manager of the artifact's root filesystem owns it, or it sits inside a package file. */
    boolean owns(Artifact a) {
        String p = a.path();
        if (p.contains(".deb!/") || p.contains(".ipk!/") || p.contains(".apk!/") || p.contains(".rpm!/")) {
            return true;
        }
        Set<String> owned = ownedByLayer.get(a.layer());
        return owned != null && owned.contains(fold(a.innerPath()));
    }

    static String fold(String path) {
        for (String d : new String[] {"/usr/lib/", "/usr/lib64/", "/usr/bin/", "/usr/sbin/", "/usr/lib32/"}) {
            if (path.startsWith(d)) {
                return path.substring(4);
            }
        }
        return path;
    }
}
