package dev.medsec.sbom.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Component;
import dev.medsec.core.image.Image;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Jar, Python and npm catalogers on real artifacts: a Maven Central jar, Debian's Python packages, npm's tarballs. */
class EcosystemCatalogersTest {
    @TempDir
    Path tmp;

    /** The jackson-databind jar this test runs with: a real Maven Central artifact with pom.properties. */
    private static Path jacksonJar() throws Exception {
        return Path.of(ObjectMapper.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void jar_unpackedLayerWithPomProperties_exactMavenIdentity() throws Exception {
        Path x = Files.createDirectories(tmp.resolve("jar"));
        Tools.require("unzip");
        Tools.run(x, "unzip", "-q", jacksonJar().toString());
        Image image = new TestImages(tmp).layer("/opt/app/lib/jackson-databind.jar", x).build();
        List<Component> cs = new JavaArchiveCataloger().catalog(image, e -> { throw new AssertionError(e.toString()); });
        assertThat(cs).hasSize(1);
        Component c = cs.get(0);
        assertThat(c.name()).isEqualTo("jackson-databind");
        assertThat(c.purl()).contains("pkg:maven/com.fasterxml.jackson.core/jackson-databind@"
                + ObjectMapper.class.getPackage().getImplementationVersion());
        assertThat(c.path()).isEqualTo("/opt/app/lib/jackson-databind.jar");
        assertThat(c.source()).isEqualTo("jar");
    }

    @Test
    void jar_manifestOnly_bundleHeaders() throws Exception {
        Tools.require("jar");
        Path dir = Files.createDirectories(tmp.resolve("m"));
        Files.writeString(dir.resolve("manifest.txt"), "Bundle-SymbolicName: org.example.device.core;singleton:=true\n"
                + "Bundle-Version: 4.2.1\nBundle-Vendor: Example Medical\n");
        Files.writeString(dir.resolve("A.txt"), "x");
        Tools.run(dir, "jar", "--create", "--file", "core.jar", "--manifest", "manifest.txt", "A.txt");
        Path x = Files.createDirectories(tmp.resolve("mx"));
        Tools.run(x, "unzip", "-q", dir.resolve("core.jar").toString());
        Image image = new TestImages(tmp).layer("/opt/core.jar", x).build();
        List<Component> cs = new JavaArchiveCataloger().catalog(image, e -> { });
        assertThat(cs).extracting(Component::name, Component::version, Component::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("org.example.device.core", "4.2.1", "jar-manifest"));
        assertThat(cs.get(0).evidence()).containsEntry("supplier", "Example Medical");
    }

    @Test
    void jar_notUnpacked_fileNameFallbackLowConfidence() throws Exception {
        Image image = new TestImages(tmp).file("/opt/lib/snakeyaml-1.33.jar", jacksonJar())
                .text("/opt/lib/readme-1.0.jar", "not a jar").build();
        List<Component> cs = new JavaArchiveCataloger().catalog(image, e -> { });
        assertThat(cs).extracting(Component::name, Component::version, Component::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("snakeyaml", "1.33", "jar-filename"));
    }

    @Test
    void python_debianEggInfoAndWheelDistInfo_pypiComponents() throws Exception {
        Tools.require("apt-get");
        Path debs = Files.createDirectories(tmp.resolve("debs"));
        Tools.run(debs, "apt-get", "download", "python3-six", "python3-pip-whl");
        Path root = Files.createDirectories(tmp.resolve("root"));
        try (Stream<Path> s = Files.list(debs)) {
            for (Path d : s.toList()) {
                Tools.run(tmp, "dpkg-deb", "-x", d.toString(), root.toString());
            }
        }
        Path wheel;
        try (Stream<Path> s = Files.walk(root)) {
            wheel = s.filter(p -> p.getFileName().toString().matches("pip-.*\\.whl")).findFirst().orElseThrow();
        }
        Path site = Files.createDirectories(root.resolve("usr/lib/python3.11/site-packages"));
        Tools.run(site, "unzip", "-q", wheel.toString(), "*.dist-info/*");
        Image image = new TestImages(tmp).tree(root).build();
        List<Component> cs = new PythonPackageCataloger().catalog(image, e -> { throw new AssertionError(e.toString()); });
        assertThat(cs).extracting(Component::name).containsExactlyInAnyOrder("six", "pip");
        assertThat(cs).filteredOn(c -> c.name().equals("six")).first()
                .satisfies(c -> assertThat(c.purl()).contains("pkg:pypi/six@1.16.0"));
    }

    @Test
    void npm_installedPackagesFromRegistryTarballs_npmComponents() throws Exception {
        Tools.require("npm");
        Path packs = Files.createDirectories(tmp.resolve("packs"));
        Tools.run(packs, "npm", "pack", "--silent", "lodash@4.17.20", "@types/node@20.11.0");
        Path app = tmp.resolve("app");
        Path lodash = Files.createDirectories(app.resolve("node_modules/lodash"));
        Path types = Files.createDirectories(app.resolve("node_modules/@types/node"));
        Tools.run(packs, "tar", "-xzf", "lodash-4.17.20.tgz", "--strip-components=1", "-C", lodash.toString());
        Tools.run(packs, "tar", "-xzf", "types-node-20.11.0.tgz", "--strip-components=1", "-C", types.toString());
        Files.writeString(app.resolve("package.json"), "{\"name\":\"device-ui\",\"version\":\"1.0.0\"}");
        Image image = new TestImages(tmp).tree(app).build();
        List<Component> cs = new NpmPackageCataloger().catalog(image, e -> { throw new AssertionError(e.toString()); });
        assertThat(cs).extracting(c -> c.purl().orElseThrow())
                .containsExactlyInAnyOrder("pkg:npm/lodash@4.17.20", "pkg:npm/%40types/node@20.11.0");
    }
}
