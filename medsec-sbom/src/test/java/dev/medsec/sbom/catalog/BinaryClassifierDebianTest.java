package dev.medsec.sbom.catalog;

import dev.medsec.core.Component;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Positive and negative tests of every classifier row on the bytes of Debian's own packages (bookworm, the
 * host architecture), downloaded once with {@code apt-get download}. The expected version is the upstream part
 * of the package's own control Version, so the test knows the truth independently of the binary.
 */
class BinaryClassifierDebianTest {
    /** classifier row, Debian package, file-name regex of the file carrying the evidence. */
    static final String[][] CASES = {
            {"busybox", "busybox", "busybox"},
            {"openssl", "libssl3", "libcrypto\\.so\\.3"},
            {"mbedtls", "libmbedcrypto7", "libmbedcrypto\\.so\\..*"},
            {"wolfssl", "libwolfssl35", "libwolfssl\\.so\\..*"},
            {"gnutls", "libgnutls30", "libgnutls\\.so\\..*"},
            {"libcurl", "libcurl4", "libcurl\\.so\\..*"},
            {"curl", "curl", "curl"},
            {"dropbear", "dropbear-bin", "dropbear"},
            {"openssh", "openssh-client", "ssh"},
            {"dnsmasq", "dnsmasq-base", "dnsmasq"},
            {"lighttpd", "lighttpd", "lighttpd"},
            {"nginx", "nginx", "nginx"},
            {"sqlite", "libsqlite3-0", "libsqlite3\\.so\\..*"},
            {"zlib", "zlib1g", "libz\\.so\\..*"},
            {"expat", "libexpat1", "libexpat\\.so\\..*"},
            {"libxml2", "libxml2", "libxml2\\.so\\..*"},
            {"glibc", "libc6", "libc\\.so\\.6"},
            {"musl", "musl", "libc\\.so"},
            {"u-boot", "u-boot-qemu", "u-boot\\.bin"},
            {"iptables", "iptables", "xtables-legacy-multi"},
            {"hostapd", "hostapd", "hostapd"},
            {"wpa_supplicant", "wpasupplicant", "wpa_supplicant"},
            {"bluez", "bluez", "bluetoothd"},
            {"avahi", "avahi-daemon", "avahi-daemon"},
            {"systemd", "libsystemd-shared", "libsystemd-shared-.*\\.so"},
            {"util-linux", "mount", "mount"},
            {"openvpn", "openvpn", "openvpn"},
            {"strongswan", "strongswan-charon", "charon"},
            {"mosquitto", "mosquitto", "mosquitto"},
            {"libpng", "libpng16-16", "libpng16\\.so\\..*"},
            {"libjpeg-turbo", "libjpeg62-turbo", "libjpeg\\.so\\..*"},
    };

    @TempDir
    static Path tmp;
    static final Map<String, Path> EVIDENCE_FILE = new LinkedHashMap<>();
    static final Map<String, String> UPSTREAM = new LinkedHashMap<>();
    static final Map<String, Path> CHANGELOG = new LinkedHashMap<>();

    @BeforeAll
    static void downloadPackages() throws IOException {
        Tools.require("apt-get");
        Tools.require("dpkg-deb");
        Path debs = Files.createDirectories(tmp.resolve("debs"));
        List<String> cmd = new ArrayList<>(List.of("apt-get", "download"));
        for (String[] c : CASES) {
            if (!cmd.contains(c[1])) {
                cmd.add(c[1]);
            }
        }
        Tools.run(debs, cmd.toArray(String[]::new));
        for (String[] c : CASES) {
            Path deb;
            try (Stream<Path> s = Files.list(debs)) {
                deb = s.filter(p -> p.getFileName().toString().startsWith(c[1] + "_")).findFirst().orElseThrow();
            }
            Path root = tmp.resolve("x-" + c[1]);
            if (!Files.isDirectory(root)) {
                Files.createDirectories(root);
                Tools.run(tmp, "dpkg-deb", "-x", deb.toString(), root.toString());
            }
            String version = Tools.run(tmp, "dpkg-deb", "-f", deb.toString(), "Version").trim();
            UPSTREAM.put(c[0], upstream(version));
            Pattern name = Pattern.compile(c[2]);
            try (Stream<Path> s = Files.walk(root)) {
                EVIDENCE_FILE.put(c[0], s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(p -> name.matcher(p.getFileName().toString()).matches())
                        .sorted((a, b) -> Boolean.compare(!isElf(a), !isElf(b)) * 2 + Integer.signum(a.compareTo(b)))
                        .findFirst().orElseThrow(() -> new AssertionError(c[2] + " not in " + c[1])));
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.getFileName().toString().startsWith("changelog")).findFirst()
                        .ifPresent(p -> CHANGELOG.put(c[0], p));
            }
        }
    }

    static boolean isElf(Path p) {
        try (var in = Files.newInputStream(p)) {
            byte[] m = in.readNBytes(4);
            return m.length == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
        } catch (IOException e) {
            return false;
        }
    }

    /** "1:1.2.13.dfsg-1" → "1.2.13"; "2023.01+dfsg-2+deb12u3" → "2023.01"; "3.0.22-1~deb12u2" → "3.0.22". */
    static String upstream(String debianVersion) {
        return debianVersion.replaceFirst("^\\d+:", "").replaceFirst("-[^-]*$", "").replaceFirst("[+~].*$", "")
                .replaceFirst("\\.dfsg.*$", "");
    }

    static Stream<Arguments> cases() {
        return Stream.of(CASES).map(c -> Arguments.of(c[0], c[1]));
    }

    private static Optional<Component> classify(String imagePath, Path hostFile) throws IOException {
        Artifact a = Artifact.ofFile("", imagePath, FileMeta.of(EntryKind.FILE, 0755, 0, 0), hostFile);
        return new BinaryClassifierCataloger().classify(a, e -> {
            throw new AssertionError(e.toString());
        });
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("cases")
    void classify_debianBinary_upstreamVersionOfPackage(String row, String pkg) throws IOException {
        Path f = EVIDENCE_FILE.get(row);
        Optional<Component> c = classify("/usr/lib/" + f.getFileName(), f);
        assertThat(c).as(row + " in " + f.getFileName()).isPresent();
        assertThat(c.get().name()).isEqualTo(row);
        assertThat(c.get().version()).isEqualTo(UPSTREAM.get(row));
        assertThat(c.get().purl()).contains("pkg:generic/" + row + "@" + UPSTREAM.get(row));
        assertThat(c.get().evidence()).containsKeys("match", "offset", "classifier");
        assertThat(c.get().source()).isEqualTo("binary-classifier");
    }

    @ParameterizedTest(name = "{0}: changelog under the binary's name")
    @MethodSource("cases")
    void classify_changelogNamedLikeTheBinary_notCounted(String row, String pkg) throws IOException {
        Path log = CHANGELOG.get(row);
        assertThat(log).as("changelog of " + pkg).isNotNull();
        byte[] text = Files.readAllBytes(log);
        if (log.toString().endsWith(".gz")) {
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(text))) {
                text = in.readAllBytes();
            }
        }
        Path fake = tmp.resolve("fake-" + row);
        Files.write(fake, text);
        assertThat(classify("/usr/bin/" + EVIDENCE_FILE.get(row).getFileName(), fake)).isEmpty();
    }

    @ParameterizedTest(name = "{0}: another program's binary under its name")
    @MethodSource("cases")
    void classify_otherBinaryUnderThisName_notThisComponent(String row, String pkg) throws IOException {
        int i = 0;
        while (!CASES[i][0].equals(row)) {
            i++;
        }
        String other = CASES[(i + 1) % CASES.length][0];
        Optional<Component> c = classify("/usr/bin/" + EVIDENCE_FILE.get(row).getFileName(),
                EVIDENCE_FILE.get(other));
        assertThat(c.map(Component::name)).as(other + " bytes named like " + row).isNotEqualTo(Optional.of(row));
    }

    @Test
    void classify_openvpnMentionsFutureRelease_reportsItsOwnVersion() throws IOException {
        Path f = EVIDENCE_FILE.get("openvpn");
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(text).contains("OpenVPN 2.7");
        assertThat(classify("/usr/sbin/openvpn", f).orElseThrow().version()).isNotEqualTo("2.7");
    }

    @Test
    void classify_openssh_cpeSplitsPortableSuffix() throws IOException {
        Component c = classify("/usr/bin/ssh", EVIDENCE_FILE.get("openssh")).orElseThrow();
        String v = UPSTREAM.get("openssh");
        assertThat(c.cpe()).contains("cpe:2.3:a:openbsd:openssh:" + v.replaceFirst("p\\d+$", "") + ":"
                + v.replaceFirst("^.*(p\\d+)$", "$1") + ":*:*:*:*:*:*");
    }

    @Test
    void catalog_fileOwnedByDpkgPackage_leftToThePackageCataloger() throws IOException {
        Path zlib = EVIDENCE_FILE.get("zlib");
        String lib = "/usr/lib/x86_64-linux-gnu/" + zlib.getFileName();
        // dpkg lists the pre-merged-/usr path; the file lives under /usr: still the same file.
        TestImages owned = new TestImages(tmp).file(lib, zlib)
                .text("/var/lib/dpkg/info/zlib1g:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/"
                        + zlib.getFileName() + "\n");
        assertThat(new BinaryClassifierCataloger().catalog(owned.build(), e -> { })).isEmpty();
        TestImages vendorBlob = new TestImages(tmp).file(lib, zlib)
                .text("/var/lib/dpkg/info/other.list", "/usr/lib/x86_64-linux-gnu/libother.so\n");
        assertThat(new BinaryClassifierCataloger().catalog(vendorBlob.build(), e -> { }))
                .extracting(Component::name).containsExactly("zlib");
        TestImages insideDeb = new TestImages(tmp).file("/var/cache/apt/archives/zlib1g.deb!/data.tar.xz!" + lib, zlib);
        assertThat(new BinaryClassifierCataloger().catalog(insideDeb.build(), e -> { })).isEmpty();
    }

    @Test
    void classify_ubootReadmeText_notCounted() throws IOException {
        Path readme = tmp.resolve("u-boot.txt");
        Files.writeString(readme, "This board was tested with U-Boot 2016.01 and U-Boot 2019.07-rc4.\n");
        assertThat(classify("/boot/u-boot.txt", readme)).isEmpty();
    }
}
