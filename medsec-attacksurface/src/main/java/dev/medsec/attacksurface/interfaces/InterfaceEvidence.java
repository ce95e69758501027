package dev.medsec.attacksurface.interfaces;

import dev.medsec.profile.DeviceInterface;
import dev.medsec.attacksurface.kernel.KernelConfigSources;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ImageKey;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What of each interface an image contains: enabled kernel options, kernel modules, firmware blobs and daemons,
 * gathered in one pass over the image.
 */
public final class InterfaceEvidence {
    private static final Pattern MODULE = Pattern.compile("/(?:usr/)?lib/modules/[^/]+/(.+)");
    private static final Pattern FIRMWARE = Pattern.compile("/(?:usr/)?lib/firmware/(.+)");
    /** Evidence lists are capped so one interface with thousands of modules stays readable. */
    static final int MAX_LISTED = 20;

    /**
     * The footprint of one interface in the image.
     *
     * @param options      enabled options as config lines, with the config's image path
     * @param moduleCount  how many module files, of which {@code modules} lists the first
     */
    public record Present(DeviceInterface iface, List<String> options, String configPath, List<String> modules,
                          int moduleCount, List<String> firmware, int firmwareCount, List<String> daemons) {
        public boolean isEmpty() {
            return options.isEmpty() && moduleCount == 0 && firmwareCount == 0 && daemons.isEmpty();
        }

        /** The image path a finding about this interface is reported at. */
        public String anchor() {
            if (!options.isEmpty()) {
                return configPath;
            }
            if (!modules.isEmpty()) {
                return modules.get(0);
            }
            if (!firmware.isEmpty()) {
                return firmware.get(0);
            }
            return daemons.isEmpty() ? "/" : daemons.get(0);
        }

        public Map<String, Object> evidence() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (!options.isEmpty()) {
                m.put("kernelOptions", options);
            }
            if (moduleCount > 0) {
                m.put("modules", modules);
                m.put("moduleCount", moduleCount);
            }
            if (firmwareCount > 0) {
                m.put("firmware", firmware);
                m.put("firmwareCount", firmwareCount);
            }
            if (!daemons.isEmpty()) {
                m.put("daemons", daemons);
            }
            return m;
        }
    }

    private InterfaceEvidence() {
    }

    /** Every interface with at least one piece of evidence in the image. */
    /** The interfaces the image carries by the built-in map; found once per image and shared by the checks. */
    public static List<Present> find(Image image) {
        return image.shared(BUILT_IN);
    }

    private static final ImageKey<List<Present>> BUILT_IN = ImageKey.of("interfaces",
            image -> List.copyOf(find(image, InterfaceMap.builtIn())));

    public static List<Present> find(Image image, InterfaceMap map) {
        KernelConfigSources.Found configs = KernelConfigSources.find(image);
        Map<DeviceInterface, List<String>> modules = new EnumMap<>(DeviceInterface.class);
        Map<DeviceInterface, List<String>> firmware = new EnumMap<>(DeviceInterface.class);
        Map<DeviceInterface, List<String>> daemons = new EnumMap<>(DeviceInterface.class);
        for (Artifact a : image.artifacts()) {
            if (a.kind() != EntryKind.FILE && a.kind() != EntryKind.HARDLINK && a.kind() != EntryKind.SYMLINK) {
                continue;
            }
            String p = a.innerPath();
            // Each path is matched once, not once per interface.
            Matcher mod = MODULE.matcher(p);
            String module = mod.matches() && isModule(p) ? mod.group(1) : null;
            Matcher fw = FIRMWARE.matcher(p);
            String blob = fw.matches() ? fw.group(1) : null;
            String name = a.fileName();
            boolean program = a.kind() != EntryKind.SYMLINK && a.meta().isExecutable();
            for (DeviceInterface i : DeviceInterface.values()) {
                InterfaceMap.Mapping m = map.of(i);
                if (module != null && m.modules().stream().anyMatch(module::startsWith)) {
                    modules.computeIfAbsent(i, k -> new ArrayList<>()).add(a.path());
                } else if (blob != null && m.matchesFirmware(blob)) {
                    firmware.computeIfAbsent(i, k -> new ArrayList<>()).add(a.path());
                } else if (program && m.daemons().contains(name)) {
                    daemons.computeIfAbsent(i, k -> new ArrayList<>()).add(a.path());
                }
            }
        }
        List<Present> out = new ArrayList<>();
        for (DeviceInterface i : DeviceInterface.values()) {
            List<String> opts = new ArrayList<>();
            String configPath = "";
            for (KernelConfigSources.Located l : configs.configs()) {
                for (String o : map.of(i).kconfig()) {
                    if (l.config().isEnabled(o)) {
                        opts.add(l.config().option(o).orElseThrow().asLine());
                        configPath = configPath.isEmpty() ? l.path() : configPath;
                    }
                }
            }
            List<String> mods = modules.getOrDefault(i, List.of());
            List<String> fws = firmware.getOrDefault(i, List.of());
            Present p = new Present(i, List.copyOf(opts.stream().distinct().toList()), configPath,
                    List.copyOf(mods.subList(0, Math.min(MAX_LISTED, mods.size()))), mods.size(),
                    List.copyOf(fws.subList(0, Math.min(MAX_LISTED, fws.size()))), fws.size(),
                    List.copyOf(daemons.getOrDefault(i, List.of())));
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static boolean isModule(String p) {
        return p.endsWith(".ko") || p.endsWith(".ko.xz") || p.endsWith(".ko.zst") || p.endsWith(".ko.gz");
    }
}
