package dev.medsec.attacksurface.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What each {@link DeviceInterface} brings into an image: kernel options, module directories, firmware files
 * and daemons. The data lives in {@code interfaces.yaml} next to this class; every interface must be mapped.
 */
public final class InterfaceMap {
    private static final String RESOURCE = "/dev/medsec/attacksurface/profile/interfaces.yaml";
    private static volatile InterfaceMap builtIn;

    private final Map<DeviceInterface, Mapping> map;

    /**
     * One interface's footprint.
     *
     * @param modules  paths below /lib/modules/RELEASE/ (a trailing '/' means a directory)
     * @param firmware patterns below /lib/firmware/ ('*' within a name, trailing '/' for a directory)
     * @param daemons  program file names
     */
    public record Mapping(List<String> kconfig, List<String> modules, List<String> firmware, List<String> daemons) {
        @JsonCreator
        public Mapping(@JsonProperty(value = "kconfig", required = true) List<String> kconfig,
                       @JsonProperty(value = "modules", required = true) List<String> modules,
                       @JsonProperty(value = "firmware", required = true) List<String> firmware,
                       @JsonProperty(value = "daemons", required = true) List<String> daemons) {
            this.kconfig = List.copyOf(kconfig);
            this.modules = List.copyOf(modules);
            this.firmware = List.copyOf(firmware);
            this.daemons = List.copyOf(daemons);
        }

        /** True when {@code rel} (a path below /lib/firmware/) is one of this interface's firmware files. */
        public boolean matchesFirmware(String rel) {
            for (String f : firmware) {
                if (f.endsWith("/") ? rel.startsWith(f) : glob(f).matcher(rel).matches()) {
                    return true;
                }
            }
            return false;
        }

        private static Pattern glob(String g) {
            StringBuilder sb = new StringBuilder();
            for (char c : g.toCharArray()) {
                sb.append(c == '*' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
            }
            // A name pattern also matches the compressed file (.xz, .zst) Debian and Yocto ship.
            return Pattern.compile(sb + "(\\.xz|\\.zst|\\.gz)?");
        }
    }

    private record FileFormat(Map<DeviceInterface, Mapping> interfaces) {
        @JsonCreator
        FileFormat(@JsonProperty(value = "interfaces", required = true) Map<DeviceInterface, Mapping> interfaces) {
            this.interfaces = interfaces;
        }
    }

    private InterfaceMap(Map<DeviceInterface, Mapping> map) {
        this.map = map;
    }

    // synchronized: checks running in parallel ask at the same moment; the map is parsed once, not once each.
    public static synchronized InterfaceMap builtIn() {
        InterfaceMap m = builtIn;
        if (m == null) {
            try (InputStream in = InterfaceMap.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                FileFormat f = new ObjectMapper(new YAMLFactory())
                        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(in, FileFormat.class);
                Map<DeviceInterface, Mapping> em = new EnumMap<>(DeviceInterface.class);
                em.putAll(f.interfaces());
                for (DeviceInterface i : DeviceInterface.values()) {
                    if (!em.containsKey(i)) {
                        throw new IllegalStateException(RESOURCE + " does not map interface " + i.id());
                    }
                }
                m = new InterfaceMap(em);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = m;
        }
        return m;
    }

    public Mapping of(DeviceInterface i) {
        return map.get(i);
    }
}
