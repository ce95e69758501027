package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classifier rows of the most common embedded components on Debian's arm64 and armhf binaries: version
 * strings are data, but their layout (alignment, padding, string merging) differs per architecture and
 * compiler. Runs where the architecture is configured for apt (`dpkg --add-architecture arm64`), else skips
 * with the reason shown.
 */
class BinaryClassifierForeignArchTest {
    static final List<String> ARCHES = List.of("arm64", "armhf");
    static final String[][] CASES = {
            {"busybox", "busybox", "busybox"},
            {"openssl", "libssl3", "libcrypto\\.so\\.3"},
            {"zlib", "zlib1g", "libz\\.so\\..*"},
            {"sqlite", "libsqlite3-0", "libsqlite3\\.so\\..*"},
            {"dropbear", "dropbear-bin", "dropbear"},
            {"dnsmasq", "dnsmasq-base", "dnsmasq"},
            {"expat", "libexpat1", "libexpat\\.so\\..*"},
            {"glibc", "libc6", "libc\\.so\\.6"},
            {"openssh", "openssh-client", "ssh"},
            {"libcurl", "libcurl4", "libcurl\\.so\\..*"},
            {"mbedtls", "libmbedcrypto7", "libmbedcrypto\\.so\\..*"},
            {"wpa_supplicant", "wpasupplicant", "wpa_supplicant"},
    };

    @TempDir
    static Path tmp;
    static final Map<String, Path> FILE = new HashMap<>();
    static final Map<String, String> UPSTREAM = new HashMap<>();
    static final List<String> CONFIGURED = new ArrayList<>();

    @BeforeAll
    static void download() throws IOException {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        String foreign = Tools.run(tmp, "dpkg", "--print-foreign-architectures");
        // On CI, scripts/test configures both architectures: a missing one or a failed download is a failure of
        // the test, never a silent skip.
        boolean ci = "true".equals(System.getenv("CI"));
        for (String arch : ARCHES) {
            if (!foreign.contains(arch)) {
                if (ci) {
                    throw new AssertionError("architecture " + arch + " is not configured for apt on CI "
                            + "(scripts/test runs dpkg --add-architecture " + arch + ")");
                }
                continue;
            }
            Path debs = Files.createDirectories(tmp.resolve("debs-" + arch));
            List<String> cmd = new ArrayList<>(List.of("apt-get", "download"));
            for (String[] c : CASES) {
                cmd.add(c[1] + ":" + arch);
            }
            try {
                Tools.run(debs, cmd.toArray(String[]::new));
            } catch (AssertionError e) {
                if (ci) {
                    throw e;
                }
                continue; // index of this architecture not downloaded (apt-get update): reported as skipped
            }
            CONFIGURED.add(arch);
            for (String[] c : CASES) {
                Path deb;
                try (Stream<Path> s = Files.list(debs)) {
                    deb = s.filter(p -> p.getFileName().toString().startsWith(c[1] + "_")).findFirst().orElseThrow();
                }
                Path root = tmp.resolve("x-" + arch + "-" + c[1]);
                Files.createDirectories(root);
                Tools.run(tmp, "dpkg-deb", "-x", deb.toString(), root.toString());
                UPSTREAM.put(arch + c[0], BinaryClassifierDebianTest.upstream(
                        Tools.run(tmp, "dpkg-deb", "-f", deb.toString(), "Version").trim()));
                Pattern name = Pattern.compile(c[2]);
                try (Stream<Path> s = Files.walk(root)) {
                    FILE.put(arch + c[0], s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                            .filter(p -> name.matcher(p.getFileName().toString()).matches())
                            .filter(BinaryClassifierDebianTest::isElf).sorted().findFirst().orElseThrow());
                }
            }
        }
    }

    static Stream<Arguments> cases() {
        return ARCHES.stream().flatMap(a -> Stream.of(CASES).map(c -> Arguments.of(a, c[0])));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void classify_foreignArchBinary_upstreamVersionOfPackage(String arch, String row) throws IOException {
        Assumptions.assumeTrue(CONFIGURED.contains(arch),
                "apt has no " + arch + " index (dpkg --add-architecture " + arch + " && apt-get update): skipped");
        Path f = FILE.get(arch + row);
        Artifact a = Artifact.ofFile("", "/usr/lib/" + f.getFileName(), FileMeta.of(EntryKind.FILE, 0755, 0, 0), f);
        Optional<Component> c = new BinaryClassifierCataloger().classify(a, e -> {
            throw new AssertionError(e.toString());
        });
        org.assertj.core.api.Assertions.assertThat(c.map(Component::name)).contains(row);
        org.assertj.core.api.Assertions.assertThat(c.get().version()).isEqualTo(UPSTREAM.get(arch + row));
    }
}
