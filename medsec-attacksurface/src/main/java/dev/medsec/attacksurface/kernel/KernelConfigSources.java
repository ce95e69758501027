package dev.medsec.attacksurface.kernel;

import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ImageKey;
import dev.medsec.core.image.ViewKey;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds every kernel configuration an image holds: config text files ({@code /boot/config-*}, any
 * {@code .config}-shaped file), compressed config files ({@code /proc/config.gz}, {@code config-*.xz}) and the
 * IKCONFIG blob inside kernel images and {@code configs.ko}. The same configuration found in several places is
 * reported once, with the other places listed.
 */
public final class KernelConfigSources {
    /** A compressed config file (config.gz, config-6.1.xz). */
    public static final ViewKey<KernelConfig> COMPRESSED = ViewKey.of("kernel-config-compressed",
            KernelConfigSources::decompressConfig);

    /** Where a configuration came from. */
    public enum Origin { CONFIG_FILE, COMPRESSED_CONFIG_FILE, EMBEDDED_IKCONFIG }

    /**
     * A configuration found in the image.
     *
     * @param path   image path of the artifact that holds it
     * @param layer  the layer of that artifact (to pair it with the root filesystem next to it)
     * @param alsoAt other image paths holding the same configuration
     */
    public record Located(String path, String layer, Origin origin, KernelConfig config, List<String> alsoAt) {
        public Located {
            alsoAt = List.copyOf(alsoAt);
        }
    }

    /** A candidate that could not be read, for the scan's error list. */
    public record Problem(String path, String message) {
    }

    /** The result of a search. */
    public record Found(List<Located> configs, List<Problem> problems) {
        public Found {
            configs = List.copyOf(configs);
            problems = List.copyOf(problems);
        }
    }

    private KernelConfigSources() {
    }

    /**
     * The configuration that belongs to a root filesystem in {@code layer}: one found in the same layer, else
     * the only one in the image; empty when there is none or the choice would be a guess.
     */
    public static Optional<KernelConfig> forLayer(Found found, String layer) {
        List<Located> same = found.configs().stream().filter(l -> l.layer().equals(layer)).toList();
        if (same.size() == 1) {
            return Optional.of(same.get(0).config());
        }
        if (same.isEmpty() && found.configs().size() == 1) {
            return Optional.of(found.configs().get(0).config());
        }
        return Optional.empty();
    }

    /** Every kernel configuration the image holds; found once per image and shared by the checks that ask. */
    public static Found find(Image image) {
        return image.shared(FOUND);
    }

    private static final ImageKey<Found> FOUND = ImageKey.of("kernel-configs", KernelConfigSources::scan);

    private static Found scan(Image image) {
        List<Located> out = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Artifact a : (Iterable<Artifact>) image.files()::iterator) {
            try {
                Optional<Located> l = locate(a);
                if (l.isPresent()) {
                    merge(out, l.get());
                }
            } catch (IOException e) {
                problems.add(new Problem(a.path(), e.getMessage()));
            }
        }
        return new Found(out, problems);
    }

    /** The configuration this one artifact holds, if any. */
    public static Optional<Located> locate(Artifact a) throws IOException {
        FileType t = a.type();
        if (t == FileType.KERNEL_CONFIG) {
            return Optional.of(new Located(a.path(), a.layer(), Origin.CONFIG_FILE, a.view(KernelConfig.VIEW),
                    List.of()));
        }
        if (isCompressedConfigName(a) && (t == FileType.GZIP || t == FileType.XZ || t == FileType.ZSTD)) {
            return Optional.of(new Located(a.path(), a.layer(), Origin.COMPRESSED_CONFIG_FILE, a.view(COMPRESSED),
                    List.of()));
        }
        if (EmbeddedConfig.mayHold(a)) {
            Optional<KernelConfig> c = a.view(EmbeddedConfig.VIEW);
            if (c.isPresent()) {
                return Optional.of(new Located(a.path(), a.layer(), Origin.EMBEDDED_IKCONFIG, c.get(), List.of()));
            }
        }
        return Optional.empty();
    }

    private static void merge(List<Located> out, Located l) {
        for (int i = 0; i < out.size(); i++) {
            Located prior = out.get(i);
            if (prior.config().options().equals(l.config().options())) {
                List<String> also = new ArrayList<>(prior.alsoAt());
                also.add(l.path());
                out.set(i, new Located(prior.path(), prior.layer(), prior.origin(), prior.config(), also));
                return;
            }
        }
        out.add(l);
    }

    private static boolean isCompressedConfigName(Artifact a) {
        String n = a.fileName().toLowerCase(Locale.ROOT);
        return n.startsWith("config") || n.endsWith(".config.gz") || n.equals("kconfig.gz");
    }

    private static KernelConfig decompressConfig(Artifact a) throws IOException {
        Decompressors.Format f = switch (a.type()) {
            case GZIP -> Decompressors.Format.GZIP;
            case XZ -> Decompressors.Format.XZ;
            case ZSTD -> Decompressors.Format.ZSTD;
            default -> throw new KernelConfigException("not a compressed config: " + a.type());
        };
        try (InputStream in = Decompressors.open(a.bytes(), f, KernelConfig.MAX_BYTES)) {
            return KernelConfig.parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
    }
}
