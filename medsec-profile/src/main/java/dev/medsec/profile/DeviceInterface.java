package dev.medsec.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An external interface a device may expose. Each one maps to kernel options, modules, firmware and daemons. */
public enum DeviceInterface {
    ETHERNET("ethernet"),
    WIFI("wifi"),
    BLUETOOTH("bluetooth"),
    CELLULAR("cellular"),
    USB_HOST("usb-host"),
    USB_GADGET("usb-gadget"),
    USB_SERIAL("usb-serial"),
    CAN("can"),
    NFC("nfc"),
    SERIAL_CONSOLE("serial-console"),
    IEEE802154("ieee802154"),
    FIREWIRE("firewire"),
    THUNDERBOLT("thunderbolt"),
    PCMCIA("pcmcia"),
    INFRARED("infrared"),
    SOUND("sound"),
    VIDEO_CAPTURE("video-capture"),
    DISPLAY("display"),
    INPUT_DEVICES("input-devices"),
    SD_CARD("sd-card");

    private final String id;

    DeviceInterface(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public static Optional<DeviceInterface> find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(i -> i.id.equals(n)).findFirst();
    }

    @JsonCreator
    public static DeviceInterface of(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown interface '" + name
                + "'; expected one of " + Arrays.stream(values()).map(DeviceInterface::id)
                .collect(Collectors.joining(", "))));
    }
}
