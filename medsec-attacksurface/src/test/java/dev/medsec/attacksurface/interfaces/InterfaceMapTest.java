package dev.medsec.attacksurface.interfaces;

import dev.medsec.profile.DeviceInterface;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterfaceMapTest {
    private static Map<DeviceInterface, InterfaceMap.Mapping> parse(String yaml) throws IOException {
        return InterfaceMap.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    /** A map with every interface, each with an empty footprint, except {@code extra} lines added at the end. */
    private static String complete(String extra) {
        return "interfaces:\n" + Arrays.stream(DeviceInterface.values())
                .map(i -> "  " + i.id() + ":\n    kconfig: []\n    modules: []\n    firmware: []\n    daemons: []\n")
                .collect(Collectors.joining()) + extra;
    }

    @Test
    void builtIn_mapsEveryInterface() {
        InterfaceMap m = InterfaceMap.builtIn();
        for (DeviceInterface i : DeviceInterface.values()) {
            assertThat(m.of(i)).as(i.id()).isNotNull();
        }
        assertThat(m.of(DeviceInterface.of("wifi")).daemons()).contains("wpa_supplicant");
        assertThat(m.of(DeviceInterface.of("wifi")).matchesFirmware("iwlwifi-9000-pu-b0-jf-b0-46.ucode.xz")).isTrue();
        assertThat(m.of(DeviceInterface.of("wifi")).matchesFirmware("intel/ibt-17-16-1.sfi")).isFalse();
    }

    @Test
    void parse_readsTheFourLists() throws IOException {
        String yaml = complete("").replace("  wifi:\n    kconfig: []\n    modules: []\n    firmware: []\n    daemons: []\n",
                "  wifi:\n    kconfig: [CONFIG_CFG80211]\n    modules: [kernel/net/wireless/]\n"
                        + "    firmware: [iwlwifi-*]\n    daemons: [hostapd, iwd]\n");
        InterfaceMap.Mapping wifi = parse(yaml).get(DeviceInterface.of("wifi"));
        assertThat(wifi.kconfig()).containsExactly("CONFIG_CFG80211");
        assertThat(wifi.modules()).containsExactly("kernel/net/wireless/");
        assertThat(wifi.firmware()).containsExactly("iwlwifi-*");
        assertThat(wifi.daemons()).containsExactly("hostapd", "iwd");
    }

    @Test
    void parse_rejectsWhatTheFormatDoesNotAllow() {
        String first = DeviceInterface.values()[0].id();
        assertThatThrownBy(() -> parse(complete("  teleport:\n    kconfig: []\n    modules: []\n    firmware: []\n    daemons: []\n")))
                .hasMessageContaining("teleport");
        assertThatThrownBy(() -> parse(complete("").replace("  " + first + ":\n    kconfig: []\n    modules: []\n"
                + "    firmware: []\n    daemons: []\n", ""))).hasMessageContaining("does not map interface " + first);
        assertThatThrownBy(() -> parse(complete("").replaceFirst("    daemons: \\[]\n", "    daemons: []\n    typo: []\n")))
                .hasMessageContaining("unknown field 'typo'");
        assertThatThrownBy(() -> parse(complete("").replaceFirst("    firmware: \\[]\n", "")))
                .hasMessageContaining("missing required field 'firmware'");
        assertThatThrownBy(() -> parse(complete("").replaceFirst("    modules: \\[]\n", "    modules: []\n    modules: []\n")))
                .hasMessageContaining("Duplicate field 'modules'");
        assertThatThrownBy(() -> parse("interfaces: []\n")).hasMessageContaining("expected a mapping");
    }
}
