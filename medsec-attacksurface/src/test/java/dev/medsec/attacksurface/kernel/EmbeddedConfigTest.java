package dev.medsec.attacksurface.kernel;

import dev.medsec.profile.Arch;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * IKCONFIG extraction from kernels laid out as the kernel build lays them out: the "IKCFG_ST" gzip "IKCFG_ED"
 * blob inside the kernel proper, which is itself compressed (gzip, xz, zstd, lzma, bzip2 by the real tools)
 * behind an x86 boot header or as a whole Image.gz, or wrapped by mkimage into a uImage.
 */
class EmbeddedConfigTest {
    @TempDir
    Path tmp;

    private Path vmlinux;

    @BeforeEach
    void buildVmlinux() throws Exception {
        Tools.require("gzip");
        Path cfg = DebianKernelConfigs.config(DebianKernelConfigs.Flavour.ARM64);
        Path cfgGz = tmp.resolve("cfg.gz");
        Tools.sh(tmp, "gzip -9 -n -c " + cfg + " > " + cfgGz);
        ByteArrayOutputStream k = new ByteArrayOutputStream();
        // Kernel text around the blob: incompressible noise, with stray gzip magic to mislead the scanner.
        byte[] noise = new byte[200_000];
        new Random(42).nextBytes(noise);
        noise[1000] = 0x1f;
        noise[1001] = (byte) 0x8b;
        noise[1002] = 8;
        noise[1003] = 0;
        k.write(noise);
        k.write("IKCFG_ST".getBytes(StandardCharsets.US_ASCII));
        k.write(Files.readAllBytes(cfgGz));
        k.write("IKCFG_ED".getBytes(StandardCharsets.US_ASCII));
        k.write(noise, 0, 50_000);
        vmlinux = tmp.resolve("vmlinux");
        Files.write(vmlinux, k.toByteArray());
    }

    @Test
    void extract_uncompressedKernel_findsConfig() throws Exception {
        Optional<KernelConfig> c = EmbeddedConfig.extract(ByteBuffer.wrap(Files.readAllBytes(vmlinux)));
        assertThat(c).isPresent();
        assertThat(c.get().arch()).contains(Arch.ARM64);
    }

    @ParameterizedTest
    @CsvSource({"gzip,gzip -9 -n -c", "xz,xz --check=crc32 -c", "zstd,zstd -q -19 -c", "lzma,xz --format=lzma -c",
            "bzip2,bzip2 -c"})
    void extract_compressedPayloadBehindBootHeader_findsConfig(String tool, String cmd) throws Exception {
        Tools.require(tool.equals("lzma") ? "xz" : tool);
        Path payload = tmp.resolve("payload");
        Tools.sh(tmp, cmd + " " + vmlinux + " > " + payload);
        // An x86 boot sector and setup header ("HdrS" at 0x202) in front of the compressed kernel.
        ByteBuffer header = ByteBuffer.allocate(0x4000).order(ByteOrder.LITTLE_ENDIAN);
        header.put(0x1fe, (byte) 0x55).put(0x1ff, (byte) 0xaa);
        header.put(0x202, (byte) 'H').put(0x203, (byte) 'd').put(0x204, (byte) 'r').put(0x205, (byte) 'S');
        ByteArrayOutputStream bz = new ByteArrayOutputStream();
        bz.write(header.array());
        bz.write(Files.readAllBytes(payload));
        Optional<KernelConfig> c = EmbeddedConfig.extract(ByteBuffer.wrap(bz.toByteArray()));
        assertThat(c).as(tool).isPresent();
        assertThat(c.get().isBuiltin("CONFIG_ARM64")).isTrue();
    }

    @Test
    void extract_uImageMadeByMkimage_findsConfig() throws Exception {
        Tools.require("mkimage");
        Tools.sh(tmp, "gzip -9 -n -c " + vmlinux + " > Image.gz && mkimage -A arm64 -O linux -T kernel -C gzip"
                + " -a 0x80000 -e 0x80000 -n test -d Image.gz uImage >/dev/null");
        Artifact a = Artifact.ofFile("", "/boot/uImage", FileMeta.of(EntryKind.FILE, 0644, 0, 0),
                tmp.resolve("uImage"));
        assertThat(EmbeddedConfig.mayHold(a)).isTrue();
        assertThat(a.view(EmbeddedConfig.VIEW)).isPresent();
    }

    @Test
    void locate_imageGzNamedLikeKernel_isFoundBySources() throws Exception {
        Tools.sh(tmp, "gzip -9 -n -c " + vmlinux + " > Image.gz");
        Artifact a = Artifact.ofFile("", "/boot/Image.gz", FileMeta.of(EntryKind.FILE, 0644, 0, 0),
                tmp.resolve("Image.gz"));
        Optional<KernelConfigSources.Located> l = KernelConfigSources.locate(a);
        assertThat(l).isPresent();
        assertThat(l.get().origin()).isEqualTo(KernelConfigSources.Origin.EMBEDDED_IKCONFIG);
    }

    @Test
    void extract_kernelWithoutIkconfig_isEmpty() throws Exception {
        byte[] noise = new byte[100_000];
        new Random(7).nextBytes(noise);
        assertThat(EmbeddedConfig.extract(ByteBuffer.wrap(noise))).isEmpty();
    }

    @Test
    void extract_markersAroundGarbage_isClearError() {
        byte[] bad = "xxIKCFG_STnot gzip at allIKCFG_EDxx".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> EmbeddedConfig.extract(ByteBuffer.wrap(bad)))
                .isInstanceOf(KernelConfigException.class).hasMessageContaining("IKCONFIG");
    }

    @Test
    void extract_truncatedCompressedKernel_isEmptyNotCrash() throws Exception {
        Tools.sh(tmp, "xz -c " + vmlinux + " > v.xz");
        byte[] xz = Files.readAllBytes(tmp.resolve("v.xz"));
        byte[] cut = java.util.Arrays.copyOf(xz, xz.length / 3);
        assertThat(EmbeddedConfig.extract(ByteBuffer.wrap(cut))).isEmpty();
    }
}
