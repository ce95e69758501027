package dev.medsec.testkit;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Real Debian packages as fixtures: downloaded with apt-get into a test directory and unpacked with dpkg-deb. */
public final class DebianPackages {
    private DebianPackages() {
    }

    /** Downloads and unpacks {@code packages} into {@code dir}/root; returns that root. */
    public static Path extract(Path dir, String... packages) {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Path root = dir.resolve("root");
        Path debs = dir.resolve("debs");
        try {
            Files.createDirectories(root);
            Files.createDirectories(debs);
            for (String p : packages) {
                Tools.run(debs, "apt-get", "download", p);
            }
            try (Stream<Path> s = Files.list(debs)) {
                for (Path deb : s.filter(f -> f.toString().endsWith(".deb")).toList()) {
                    Tools.run(dir, "dpkg-deb", "-x", deb.toString(), root.toString());
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
