package dev.medsec.attacksurface.kernel;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real Debian 6.1 kernel configurations (the /boot/config-* files of linux-image-amd64, linux-image-arm64
 * and linux-image-armmp), taken from Debian's linux-config-6.1 packages, which carry exactly those files for a
 * fraction of the download. arm64 and armhf packages are fetched with apt using a private package list, so the
 * host's apt configuration is not touched. Downloaded once per test JVM.
 */
public final class DebianKernelConfigs {
    /** Which flavour. */
    public enum Flavour {
        AMD64("amd64", "config.amd64_none_amd64.xz"),
        ARM64("arm64", "config.arm64_none_arm64.xz"),
        ARMMP("armhf", "config.armhf_none_armmp.xz");

        final String debArch;
        final String file;

        Flavour(String debArch, String file) {
            this.debArch = debArch;
            this.file = file;
        }
    }

    private static final Map<Flavour, Path> CACHE = new EnumMap<>(Flavour.class);
    private static Path root;

    private DebianKernelConfigs() {
    }

    /** The decompressed config text file for {@code f}. */
    public static synchronized Path config(Flavour f) {
        Path p = CACHE.get(f);
        if (p != null) {
            return p;
        }
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        try {
            if (root == null) {
                root = Files.createTempDirectory("medsec-debian-kconfig");
                root.toFile().deleteOnExit();
            }
            Path dir = root.resolve(f.debArch);
            Files.createDirectories(dir);
            fetch(f, dir);
            Path xz;
            try (Stream<Path> s = Files.walk(dir)) {
                xz = s.filter(x -> x.getFileName().toString().equals(f.file)).findFirst()
                        .orElseThrow(() -> new AssertionError(f.file + " not in linux-config-6.1:" + f.debArch));
            }
            Path out = dir.resolve("config-" + f.name().toLowerCase(java.util.Locale.ROOT));
            try (InputStream in = new org.tukaani.xz.XZInputStream(Files.newInputStream(xz))) {
                Files.write(out, in.readAllBytes());
            }
            CACHE.put(f, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Flavour f) {
        try {
            return Files.readString(config(f), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fetch(Flavour f, Path dir) {
        String[] apt = {"-o", "Dir::State::Lists=" + root.resolve("lists"), "-o", "Dir::Cache=" + root.resolve("cache"),
                "-o", "APT::Architectures::=" + f.debArch, "-o", "APT::Architecture=" + f.debArch,
                "-o", "Acquire::Languages=none", "-o", "APT::Sandbox::User=root"};
        try {
            Files.createDirectories(root.resolve("lists/partial"));
            Files.createDirectories(root.resolve("cache/archives/partial"));
            if (!Files.exists(root.resolve("lists/updated-" + f.debArch))) {
                // An index that fails to refresh (mirror sync) is not fatal as long as the package is found.
                Tools.sh(dir, "apt-get -q " + String.join(" ", apt) + " update >/dev/null 2>&1 || true");
                Files.writeString(root.resolve("lists/updated-" + f.debArch), "");
            }
            Tools.sh(dir, "apt-get -q " + String.join(" ", apt) + " download linux-config-6.1:" + f.debArch
                    + " >/dev/null 2>&1 && dpkg-deb -x linux-config-6.1_*.deb x");
        } catch (AssertionError | IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("cannot download linux-config-6.1:" + f.debArch + ": " + e, e);
            }
            Assumptions.abort("Debian package linux-config-6.1:" + f.debArch + " not downloadable: " + e);
        }
    }
}
