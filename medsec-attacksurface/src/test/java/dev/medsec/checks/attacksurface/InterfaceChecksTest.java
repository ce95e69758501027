package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.DebianKernelConfigs;
import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class InterfaceChecksTest {
    @TempDir
    Path tmp;

    private static final String CONFIG = String.join("\n", "# Linux/arm64 6.1.0 Kernel Configuration",
            "CONFIG_ARM64=y", "CONFIG_BT=m", "CONFIG_ETHERNET=y", "# CONFIG_CAN is not set",
            "CONFIG_USB_GADGET=y", "");

    private CheckTester device(CheckTester t) {
        byte[] ko = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        return t.text("/boot/config-6.1.0", CONFIG)
                .file("/lib/modules/6.1.0/kernel/net/bluetooth/bluetooth.ko.xz", ko)
                .file("/lib/modules/6.1.0/kernel/drivers/bluetooth/btusb.ko.xz", ko)
                .file("/lib/firmware/brcm/BCM4345C0.hcd", new byte[] {1, 2, 3})
                .file("/usr/libexec/bluetooth/bluetoothd", ko, FileMeta.of(EntryKind.FILE, 0755, 0, 0))
                .file("/usr/share/doc/bluetoothd", new byte[] {'x'});
    }

    @Test
    void unneededInterface_bluetoothNotInProfile_reportedWithAllEvidence() throws Exception {
        Path profile = tmp.resolve("device.yaml");
        Files.writeString(profile, "interfaces: [ethernet, usb-gadget]\n");
        CheckTester.Result r = device(CheckTester.of(new UnneededInterface(), tmp))
                .settings(ScanSettings.defaults().withProfile(profile))
                .expect("/boot/config-6.1.0", f -> "bluetooth".equals(f.evidence().get("interface"))
                        && f.severity() == Severity.MEDIUM)
                .run();
        Finding bt = r.findings().get(0);
        assertThat(bt.evidence().get("kernelOptions")).isEqualTo(List.of("CONFIG_BT=m"));
        assertThat(bt.evidence().get("moduleCount")).isEqualTo(2);
        assertThat(bt.evidence().get("firmware")).isEqualTo(List.of("/lib/firmware/brcm/BCM4345C0.hcd"));
        assertThat(bt.evidence().get("daemons")).isEqualTo(List.of("/usr/libexec/bluetooth/bluetoothd"));
    }

    @Test
    void unneededInterface_everythingDeclared_noFindings() throws Exception {
        Path profile = tmp.resolve("device.yaml");
        Files.writeString(profile, "interfaces: [ethernet, usb-gadget, bluetooth]\n");
        device(CheckTester.of(new UnneededInterface(), tmp)).settings(ScanSettings.defaults().withProfile(profile))
                .run();
    }

    @Test
    void unneededInterface_withoutProfile_silent_inventoryInstead() {
        device(CheckTester.of(new UnneededInterface(), tmp)).run();
        CheckTester.Result r = device(CheckTester.of(new InterfaceInventory(), tmp))
                .expect("/boot/config-6.1.0", f -> "bluetooth".equals(f.evidence().get("interface")))
                .expect("/boot/config-6.1.0", f -> "ethernet".equals(f.evidence().get("interface")))
                .expect("/boot/config-6.1.0", f -> "usb-gadget".equals(f.evidence().get("interface")))
                .run();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
    }

    @Test
    void interfaceInventory_debianArm64_mapsTheGeneralPurposeKernel() {
        CheckTester.Result r = CheckTester.of(new InterfaceInventory(), tmp)
                .file("/boot/config-6.1.0-arm64", DebianKernelConfigs.config(DebianKernelConfigs.Flavour.ARM64))
                .runUnchecked();
        Set<Object> ifaces = r.findings().stream().map(f -> f.evidence().get("interface")).collect(Collectors.toSet());
        // A distribution kernel enables nearly everything: exactly what a device profile is for.
        assertThat(ifaces).contains("bluetooth", "wifi", "can", "nfc", "usb-host", "usb-gadget", "ethernet",
                "serial-console");
    }

    @Test
    void invalidProfile_isAnErrorNotASilentPass() throws Exception {
        Path profile = tmp.resolve("device.yaml");
        Files.writeString(profile, "interfaces: [bluetoth]\n");
        CheckTester t = device(CheckTester.of(new UnneededInterface(), tmp))
                .settings(ScanSettings.defaults().withProfile(profile));
        org.assertj.core.api.Assertions.assertThatThrownBy(t::runUnchecked)
                .hasMessageContaining("unknown interface 'bluetoth'");
    }
}
