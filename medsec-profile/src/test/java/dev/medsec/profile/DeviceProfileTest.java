package dev.medsec.profile;

import dev.medsec.profile.Arch;
import dev.medsec.core.image.ScanSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceProfileTest {
    @TempDir
    Path tmp;

    private static DeviceProfile parse(String yaml) throws InvalidProfileException {
        return DeviceProfile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "device.yaml");
    }

    /** The example in the documentation is the contract: it must parse, with every section filled. */
    @Test
    void load_documentedExample_parsesEverySection() throws IOException {
        Path doc = Path.of(System.getProperty("medsec.repo", "../"), "docs", "device-profile.md");
        if (!Files.exists(doc)) {
            doc = Path.of("..", "docs", "device-profile.md");
        }
        Matcher m = Pattern.compile("(?s)## Complete example\\s+```yaml\\n(.*?)```").matcher(Files.readString(doc));
        assertThat(m.find()).as("example block in docs/device-profile.md").isTrue();
        Path file = tmp.resolve("device.yaml");
        Files.writeString(file, m.group(1));

        DeviceProfile p = DeviceProfile.load(file);

        assertThat(p.name()).contains("IP-200 infusion pump");
        assertThat(p.architectures()).containsExactly(Arch.ARM64);
        assertThat(p.interfaces()).containsExactlyInAnyOrder(DeviceInterface.ETHERNET, DeviceInterface.USB_GADGET,
                DeviceInterface.SERIAL_CONSOLE);
        assertThat(p.needs(DeviceInterface.BLUETOOTH)).isFalse();
        assertThat(p.services().isAllowed("SSHD")).isTrue();
        assertThat(p.services().isForbidden("telnetd")).isTrue();
        assertThat(p.kernel().acceptance("kspp.kconfig.debug-fs-off")).isPresent();
        assertThat(p.data().phiStored()).contains(true);
        assertThat(p.data().phiDirectories()).containsExactly("/var/lib/pump/records", "/data/therapy-log");
        assertThat(p.keys().storage()).contains(KeyStorage.SECURE_ELEMENT);
        assertThat(p.keys().storage().get().isHardwareBacked()).isTrue();
        assertThat(p.keys().expected("/etc/pump/tls/ca-bundle.pem")).isPresent();
        assertThat(p.fuzzing().externalInputBinaries()).contains("/usr/bin/pumpd");
        assertThat(p.support().deviceEndOfSupport()).contains(LocalDate.of(2034, 12, 31));
        assertThat(p.support().find("OpenSSL", "3.0.13")).get()
                .extracting(DeviceProfile.EndOfSupport::date).isEqualTo(LocalDate.of(2026, 9, 7));
        assertThat(p.support().find("openssl", "3.1.0")).isEmpty();
    }

    @Test
    void parse_emptySections_defaultsToEmpty() throws IOException {
        DeviceProfile p = parse("name: x\n");
        assertThat(p.interfaces()).isEmpty();
        assertThat(p.data().phiStored()).isEmpty();
        assertThat(p.keys().storage()).isEmpty();
        assertThat(p.services().allowed()).isEmpty();
        assertThat(p.support().endOfSupport()).isEmpty();
    }

    @Test
    void parse_unknownTopLevelKey_namesKeyLineAndKnownKeys() {
        assertThatThrownBy(() -> parse("name: x\ninterfacs: [wifi]\n"))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("device.yaml: line ")
                .hasMessageContaining("unknown key 'interfacs'")
                .hasMessageContaining("interfaces");
    }

    @Test
    void parse_unknownNestedKey_namesPath() {
        assertThatThrownBy(() -> parse("services:\n  alowed: [sshd]\n"))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("unknown key 'alowed'")
                .hasMessageContaining("services.alowed")
                .hasMessageContaining("allowed, forbidden");
    }

    @Test
    void parse_unknownInterface_listsAcceptedNames() {
        assertThatThrownBy(() -> parse("interfaces: [bluetoth]\n"))
                .isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("unknown interface 'bluetoth'")
                .hasMessageContaining("bluetooth");
    }

    @Test
    void parse_badDateOrStorageOrArch_isClearError() {
        assertThatThrownBy(() -> parse("support:\n  deviceEndOfSupport: 2034-13-01\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("not a date");
        assertThatThrownBy(() -> parse("keys:\n  storage: usb-stick\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("unknown key storage");
        assertThatThrownBy(() -> parse("architectures: [vax]\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("unknown architecture 'vax'");
    }

    @Test
    void parse_keyWithoutJustification_isRejected() {
        assertThatThrownBy(() -> parse("keys:\n  expectedOnDisk:\n    - path: /etc/k.pem\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("justification is required");
    }

    @Test
    void parse_relativePath_isRejected() {
        assertThatThrownBy(() -> parse("data:\n  phiDirectories: [var/lib/x]\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("absolute image path");
    }

    @Test
    void parse_duplicateKey_isRejected() {
        assertThatThrownBy(() -> parse("name: a\nname: b\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("name");
    }

    @Test
    void parse_notYaml_isClearError() {
        assertThatThrownBy(() -> parse("interfaces: [wifi\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("device.yaml");
        assertThatThrownBy(() -> parse("schemaVersion: 2\n"))
                .isInstanceOf(InvalidProfileException.class).hasMessageContaining("schemaVersion 2");
    }

    @Test
    void of_noProfileInSettings_isEmpty() throws IOException {
        assertThat(DeviceProfile.of(ScanSettings.defaults())).isEmpty();
    }

    @Test
    void of_missingFile_throws() {
        ScanSettings s = ScanSettings.defaults().withProfile(tmp.resolve("absent.yaml"));
        assertThatThrownBy(() -> DeviceProfile.of(s)).isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("absent.yaml");
    }

    @Test
    void of_isParsedOncePerScan_aNewScanReadsTheChangedFile() throws IOException {
        Path f = tmp.resolve("p.yaml");
        Files.writeString(f, "interfaces: [wifi]\n");
        ScanSettings s = ScanSettings.defaults().withProfile(f);
        dev.medsec.core.image.Image scan1 = new dev.medsec.core.image.Image("fw", java.util.List.of(), s);
        Optional<DeviceProfile> first = DeviceProfile.of(scan1);
        assertThat(DeviceProfile.of(scan1).get()).isSameAs(first.get());
        Files.writeString(f, "interfaces: [wifi, bluetooth, can]\n");
        // the running scan keeps what it read; the next scan reads the file again (no process-wide cache)
        assertThat(DeviceProfile.of(scan1).get().interfaces()).hasSize(1);
        dev.medsec.core.image.Image scan2 = new dev.medsec.core.image.Image("fw", java.util.List.of(), s);
        assertThat(DeviceProfile.of(scan2).get().interfaces()).hasSize(3);
    }

    @Test
    void load_oversizedFile_isRefused() throws IOException {
        Path f = tmp.resolve("big.yaml");
        Files.write(f, new byte[(int) DeviceProfile.MAX_SIZE + 1]);
        assertThatThrownBy(() -> DeviceProfile.load(f)).isInstanceOf(InvalidProfileException.class)
                .hasMessageContaining("too large");
    }

    @Test
    void interfaces_aliasesNormalised() throws IOException {
        assertThat(parse("interfaces: [USB_HOST, serial-console]\n").interfaces())
                .containsExactlyInAnyOrder(DeviceInterface.USB_HOST, DeviceInterface.SERIAL_CONSOLE);
        assertThat(parse("architectures: [amd64, aarch64, armhf]\n").architectures())
                .isEqualTo(List.of(Arch.X86_64, Arch.ARM64, Arch.ARM));
    }
}
