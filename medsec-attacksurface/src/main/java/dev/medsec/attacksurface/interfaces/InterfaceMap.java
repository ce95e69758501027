package dev.medsec.attacksurface.interfaces;

import dev.medsec.profile.DeviceInterface;
import dev.medsec.attacksurface.StrictYaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each {@link DeviceInterface} brings into an image: kernel options, module directories, firmware files
 * and daemons. The data lives in {@code interfaces.yaml} next to this class; every interface must be mapped.
 */
public final class InterfaceMap {
    private static final String RESOURCE = "/dev/medsec/attacksurface/interfaces/interfaces.yaml";
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
        private static final Set<String> FIELDS = Set.of("kconfig", "modules", "firmware", "daemons");

        public Mapping {
            kconfig = List.copyOf(kconfig);
            modules = List.copyOf(modules);
            firmware = List.copyOf(firmware);
            daemons = List.copyOf(daemons);
        }

        static Mapping fromYaml(StrictYaml.Fields f) throws IOException {
            f.only(FIELDS);
            return new Mapping(f.requiredTexts("kconfig"), f.requiredTexts("modules"), f.requiredTexts("firmware"),
                    f.requiredTexts("daemons"));
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
                m = new InterfaceMap(parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = m;
        }
        return m;
    }

    /** Reads an interface map; every interface must be mapped, and only known interfaces may be. */
    static Map<DeviceInterface, Mapping> parse(InputStream in) throws IOException {
        StrictYaml.Fields interfaces = StrictYaml.Fields.of(
                StrictYaml.read(in, "interface map").only(Set.of("interfaces")).node("interfaces"), "interfaces");
        Map<DeviceInterface, Mapping> em = new EnumMap<>(DeviceInterface.class);
        for (String name : interfaces.names()) {
            DeviceInterface i;
            try {
                i = DeviceInterface.of(name);
            } catch (IllegalArgumentException e) {
                throw new IOException("interface map: " + e.getMessage(), e);
            }
            em.put(i, Mapping.fromYaml(StrictYaml.Fields.of(interfaces.node(name), "interface " + name)));
        }
        for (DeviceInterface i : DeviceInterface.values()) {
            if (!em.containsKey(i)) {
                throw new IOException("interface map does not map interface " + i.id());
            }
        }
        return em;
    }

    public Mapping of(DeviceInterface i) {
        return map.get(i);
    }
}
