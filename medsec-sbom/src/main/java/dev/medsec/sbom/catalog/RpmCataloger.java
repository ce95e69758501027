package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.ScanError;
import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * RPM packages from rpm's sqlite database ({@code /var/lib/rpm/rpmdb.sqlite} or
 * {@code /usr/lib/sysimage/rpm/rpmdb.sqlite}, rpm 4.16 and later). The database is copied to a private
 * temporary file and opened immutable and read-only, so the image is never written and a database left in WAL
 * mode without its side files still opens. (The older Berkeley DB and NDB formats are not read.)
 */
public final class RpmCataloger implements Cataloger {
    private static final List<String> LOCATIONS = List.of("/var/lib/rpm/rpmdb.sqlite",
            "/usr/lib/sysimage/rpm/rpmdb.sqlite");
    private static final long MAX_DB = 1024L * 1024 * 1024;

    @Override
    public String name() {
        return "rpm";
    }

    /** The files every rpm database of the image lists, per layer, for {@link PackageOwnership}. */
    static Map<String, List<String>> ownedFiles(Image image) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ownedFilesByPackage(image).forEach((layer, byPackage) -> {
            List<String> files = out.computeIfAbsent(layer, k -> new ArrayList<>());
            byPackage.values().forEach(files::addAll);
        });
        return out;
    }

    /** Per layer, per package NAME, the files its header lists (for the origin of every file). */
    static Map<String, Map<String, List<String>>> ownedFilesByPackage(Image image) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        for (String loc : LOCATIONS) {
            for (Artifact db : image.findAll(loc)) {
                if (!db.hasContent() || db.size() > MAX_DB) {
                    continue;
                }
                Map<String, List<String>> byPackage = out.computeIfAbsent(db.layer(), k -> new LinkedHashMap<>());
                try {
                    Path copy = Files.createTempFile("medsec-rpmdb-", ".sqlite");
                    try {
                        try (InputStream in = db.open()) {
                            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                        }
                        forEachHeader(copy, h -> h.string(RpmHeader.NAME).ifPresent(n ->
                                byPackage.computeIfAbsent(n, k -> new ArrayList<>()).addAll(h.files())));
                    } finally {
                        Files.deleteIfExists(copy);
                    }
                } catch (IOException | SQLException e) {
                    // fewer files known to be owned: the classifier may report some of them
                }
            }
        }
        return out;
    }

    private static void forEachHeader(Path copy, Consumer<RpmHeader> each) throws SQLException {
        String url = "jdbc:sqlite:file:" + copy.toAbsolutePath() + "?immutable=1&mode=ro";
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT blob FROM Packages");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    each.accept(RpmHeader.parse(rs.getBytes(1)));
                } catch (IOException e) {
                    // a damaged header is reported by catalog(); here it only owns nothing
                }
            }
        }
    }

    @Override
    public List<Component> catalog(Image image, Consumer<ScanError> errors) throws IOException {
        List<Component> out = new ArrayList<>();
        for (String loc : LOCATIONS) {
            for (Artifact db : image.findAll(loc)) {
                if (!db.hasContent() || db.size() > MAX_DB) {
                    continue;
                }
                Path copy = Files.createTempFile("medsec-rpmdb-", ".sqlite");
                try {
                    try (InputStream in = db.open()) {
                        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                    read(image, db, copy, out, errors);
                } finally {
                    Files.deleteIfExists(copy);
                }
            }
        }
        return out;
    }

    private void read(Image image, Artifact db, Path copy, List<Component> out, Consumer<ScanError> errors) {
        Optional<OsRelease> os = OsRelease.of(image, db.layer());
        String url = "jdbc:sqlite:file:" + copy.toAbsolutePath() + "?immutable=1&mode=ro";
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT hnum, blob FROM Packages ORDER BY hnum");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RpmHeader h;
                try {
                    h = RpmHeader.parse(rs.getBytes(2));
                } catch (IOException e) {
                    errors.accept(new ScanError(db.path(), ScanError.Stage.CATALOG, "rpm header " + rs.getLong(1)
                            + ": " + e.getMessage()));
                    continue;
                }
                Optional<String> name = h.string(RpmHeader.NAME);
                Optional<String> version = h.string(RpmHeader.VERSION);
                if (name.isEmpty() || version.isEmpty() || name.get().equals("gpg-pubkey")) {
                    continue;
                }
                String release = h.string(RpmHeader.RELEASE).orElse("");
                String vr = release.isEmpty() ? version.get() : version.get() + "-" + release;
                Optional<Integer> epoch = h.int32(RpmHeader.EPOCH);
                Map<String, String> q = new LinkedHashMap<>();
                q.put("arch", h.string(RpmHeader.ARCH).orElse(""));
                epoch.ifPresent(e -> q.put("epoch", Integer.toString(e)));
                os.flatMap(OsRelease::distroQualifier).ifPresent(d -> q.put("distro", d));
                Map<String, Object> ev = new LinkedHashMap<>();
                ev.put("field", "rpm header NAME/VERSION/RELEASE");
                h.string(RpmHeader.VENDOR).ifPresent(v -> ev.put("supplier", v));
                h.string(RpmHeader.LICENSE).ifPresent(v -> ev.put("license", v));
                h.string(RpmHeader.ARCH).ifPresent(v -> ev.put("architecture", v));
                h.string(RpmHeader.SOURCERPM).ifPresent(s -> {
                    // "openssl-1.1.1k-7.el8.src.rpm": the source package is the name before version-release.
                    String suffix = "-" + vr + ".src.rpm";
                    if (s.endsWith(suffix)) {
                        ev.put("sourcePackage", s.substring(0, s.length() - suffix.length()));
                        ev.put("sourceVersion", (epoch.map(e -> e + ":").orElse("")) + vr);
                    }
                });
                String full = epoch.map(e -> e + ":").orElse("") + vr;
                out.add(new Component(name.get(), full, Purls.of("rpm", os.map(OsRelease::id).orElse("rpm"),
                        name.get(), vr, q), Optional.empty(), "rpm", db.path(), ev));
            }
        } catch (SQLException e) {
            errors.accept(new ScanError(db.path(), ScanError.Stage.CATALOG, "cannot read rpm database: "
                    + e.getMessage()));
        }
    }
}
