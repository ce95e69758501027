package dev.medsec.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the device keeps its private keys. Anything but {@link #FILESYSTEM} means keys must not be on disk. */
public enum KeyStorage {
    SECURE_ELEMENT("secure-element"),
    TPM("tpm"),
    PKCS11("pkcs11"),
    TEE("tee"),
    FILESYSTEM("filesystem");

    private final String id;

    KeyStorage(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** True when private keys are held by hardware or a token, so a key file in the image is unexpected. */
    public boolean isHardwareBacked() {
        return this != FILESYSTEM;
    }

    @JsonCreator
    public static KeyStorage of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.id.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown key storage '" + name + "'; expected one of "
                        + Arrays.stream(values()).map(KeyStorage::id).collect(Collectors.joining(", "))));
    }
}
