package dev.medsec.attacksurface.kernel;

import dev.medsec.profile.Arch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelConfigTest {
    private static final String SAMPLE = String.join("\n",
            "#",
            "# Automatically generated file; DO NOT EDIT.",
            "# Linux/x86 6.1.0-13-amd64 Kernel Configuration",
            "#",
            "CONFIG_CC_VERSION_TEXT=\"gcc-12 (Debian 12.2.0-14) 12.2.0\"",
            "CONFIG_X86_64=y",
            "CONFIG_BT=m",
            "# CONFIG_DEVMEM is not set",
            "CONFIG_DEFAULT_MMAP_MIN_ADDR=65536",
            "CONFIG_PHYSICAL_START=0x1000000",
            "CONFIG_CMDLINE=\"console=ttyS0 \\\"quoted\\\"\"",
            "CONFIG_BT=y",
            "");

    @Test
    void parse_standardConfig_keepsStatesValuesAndLines() throws Exception {
        KernelConfig c = KernelConfig.parse(SAMPLE);
        assertThat(c.state("CONFIG_X86_64")).isEqualTo(KernelConfig.State.BUILTIN);
        assertThat(c.state("DEVMEM")).isEqualTo(KernelConfig.State.NOT_SET);
        assertThat(c.state("CONFIG_NOPE")).isEqualTo(KernelConfig.State.ABSENT);
        assertThat(c.state("CONFIG_DEFAULT_MMAP_MIN_ADDR")).isEqualTo(KernelConfig.State.VALUE);
        assertThat(c.option("CONFIG_DEVMEM").orElseThrow().asLine()).isEqualTo("# CONFIG_DEVMEM is not set");
        assertThat(c.option("CONFIG_CMDLINE").orElseThrow().text()).isEqualTo("console=ttyS0 \"quoted\"");
        assertThat(c.isEnabled("CONFIG_DEVMEM")).isFalse();
    }

    @Test
    void parse_repeatedOption_lastAssignmentWins() throws Exception {
        KernelConfig c = KernelConfig.parse(SAMPLE);
        assertThat(c.state("CONFIG_BT")).isEqualTo(KernelConfig.State.BUILTIN);
        assertThat(c.option("CONFIG_BT").orElseThrow().line()).isEqualTo(12);
    }

    @Test
    void parse_header_givesReleaseVersionAndArchFromOptions() throws Exception {
        KernelConfig c = KernelConfig.parse(SAMPLE);
        assertThat(c.release()).contains("6.1.0-13-amd64");
        assertThat(c.version()).contains(new KernelVersion(6, 1, 0));
        // The header says "x86" for 32 and 64 bit: CONFIG_X86_64 decides.
        assertThat(c.arch()).contains(Arch.X86_64);
    }

    @Test
    void parse_noHeader_versionUnknownArchFromHeaderMissing() throws Exception {
        KernelConfig c = KernelConfig.parse("CONFIG_A=y\nCONFIG_B=m\n");
        assertThat(c.version()).isEmpty();
        assertThat(c.arch()).isEmpty();
    }

    @Test
    void parse_crlfLines_areAccepted() throws Exception {
        KernelConfig c = KernelConfig.parse("CONFIG_ARM64=y\r\n# CONFIG_X is not set\r\n");
        assertThat(c.arch()).contains(Arch.ARM64);
        assertThat(c.state("CONFIG_X")).isEqualTo(KernelConfig.State.NOT_SET);
    }

    @Test
    void parse_textWithoutOptions_isRejected() {
        assertThatThrownBy(() -> KernelConfig.parse("hello\nworld\n# CONFIG_X maybe\n"))
                .isInstanceOf(KernelConfigException.class).hasMessageContaining("not a kernel configuration");
        assertThatThrownBy(() -> KernelConfig.parse(ByteBuffer.allocate(0)))
                .isInstanceOf(KernelConfigException.class);
    }

    @Test
    void parse_oversizedInput_isRejectedBeforeParsing() {
        ByteBuffer big = ByteBuffer.allocate(KernelConfig.MAX_BYTES + 1);
        assertThatThrownBy(() -> KernelConfig.parse(big)).isInstanceOf(KernelConfigException.class)
                .hasMessageContaining("exceeds");
    }

    @Test
    void parse_tooManyOptions_isRejected() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= KernelConfig.MAX_OPTIONS; i++) {
            sb.append("CONFIG_O").append(i).append("=y\n");
        }
        assertThatThrownBy(() -> KernelConfig.parse(ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(KernelConfigException.class).hasMessageContaining("more than");
    }

    @Test
    void parse_debianConfigs_allThreeArchitecturesRecognised() throws Exception {
        KernelConfig amd64 = KernelConfig.parse(DebianKernelConfigs.text(DebianKernelConfigs.Flavour.AMD64));
        KernelConfig arm64 = KernelConfig.parse(DebianKernelConfigs.text(DebianKernelConfigs.Flavour.ARM64));
        KernelConfig armmp = KernelConfig.parse(DebianKernelConfigs.text(DebianKernelConfigs.Flavour.ARMMP));
        assertThat(amd64.arch()).contains(Arch.X86_64);
        assertThat(arm64.arch()).contains(Arch.ARM64);
        assertThat(armmp.arch()).contains(Arch.ARM);
        for (KernelConfig c : new KernelConfig[] {amd64, arm64, armmp}) {
            assertThat(c.version().orElseThrow().major()).isEqualTo(6);
            assertThat(c.version().orElseThrow().minor()).isEqualTo(1);
            assertThat(c.options().size()).isGreaterThan(5000);
            assertThat(c.isBuiltin("CONFIG_MODULES")).isTrue();
        }
    }

    @Test
    void kernelVersion_parseAndCompare() {
        assertThat(KernelVersion.parse("5.13")).isEqualTo(new KernelVersion(5, 13, 0));
        assertThat(KernelVersion.find("6.1.0-13-amd64")).contains(new KernelVersion(6, 1, 0));
        assertThat(new KernelVersion(5, 9, 0).isBefore(new KernelVersion(5, 10, 0))).isTrue();
        assertThatThrownBy(() -> KernelVersion.parse("6.x")).isInstanceOf(IllegalArgumentException.class);
    }
}
