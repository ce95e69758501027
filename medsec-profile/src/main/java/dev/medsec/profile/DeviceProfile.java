package dev.medsec.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.medsec.core.image.ScanSettings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a device really needs, declared by its maker ({@code --profile device.yaml}): its external interfaces,
 * the services it may and may not run, its architectures, where it keeps patient data and keys, which binaries
 * parse external input, and support dates. Checks compare the image against it; without a profile they report
 * an inventory instead. The format is documented in docs/device-profile.md; an unknown key is an error, because
 * a misspelt key silently ignored would weaken the audit.
 *
 * @param schemaVersion format version, 1
 * @param name          the device's name, for reports
 * @param architectures CPU architectures the device runs (empty: not declared)
 * @param interfaces    external interfaces the device needs; everything else should be compiled out
 * @param services      services the device may or must not run
 * @param kernel        kernel rules the maker accepts to deviate from, each with a justification
 * @param data          patient data (PHI) stored on the device
 * @param keys          where private keys live, and the key files expected in the image
 * @param fuzzing       binaries that parse external input and so need fuzzing evidence
 * @param support       end-of-support dates: the device's own, and overrides per component
 * @param firstParty    path globs of the device maker's own code (over any package that ships it)
 * @param soup          path globs of third-party files no package manager lists, with their component
 * @param platform      protections the device's CPU and kernel enforce (CET, BTI), which decide whether a binary
 *                      built without them loses anything
 */
public record DeviceProfile(int schemaVersion, Optional<String> name, List<Arch> architectures,
                            Set<DeviceInterface> interfaces, Services services, Kernel kernel, Data data, Keys keys,
                            Fuzzing fuzzing, Support support, List<String> firstParty, List<SoupFiles> soup,
                            Platform platform, Optional<Manufacturer> manufacturer, Optional<Product> product,
                            List<String> sbomAuthors) {

    /** Profiles larger than this are refused: a real one is a few kilobytes. */
    public static final long MAX_SIZE = 1 << 20;

    private static final ObjectMapper MAPPER = mapper();

    public DeviceProfile {
        if (schemaVersion == 0) {
            schemaVersion = 1;
        }
        if (schemaVersion != 1) {
            throw new IllegalArgumentException("unsupported schemaVersion " + schemaVersion + " (this version reads 1)");
        }
        name = orEmpty(name);
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        interfaces = interfaces == null || interfaces.isEmpty() ? Set.of()
                : Set.copyOf(EnumSet.copyOf(interfaces));
        services = services == null ? Services.NONE : services;
        kernel = kernel == null ? Kernel.NONE : kernel;
        data = data == null ? Data.NONE : data;
        keys = keys == null ? Keys.NONE : keys;
        fuzzing = fuzzing == null ? Fuzzing.NONE : fuzzing;
        support = support == null ? Support.NONE : support;
        firstParty = copy(firstParty).stream().map(DeviceProfile::pathGlob).toList();
        soup = copy(soup);
        platform = platform == null ? Platform.NONE : platform;
        manufacturer = orEmpty(manufacturer);
        product = orEmpty(product);
        sbomAuthors = copy(sbomAuthors);
    }

    /** The profile without the SBOM identity keys (the constructor of the first profile schema's keys). */
    public DeviceProfile(int schemaVersion, Optional<String> name, List<Arch> architectures,
                         Set<DeviceInterface> interfaces, Services services, Kernel kernel, Data data, Keys keys,
                         Fuzzing fuzzing, Support support, List<String> firstParty, List<SoupFiles> soup,
                         Platform platform) {
        this(schemaVersion, name, architectures, interfaces, services, kernel, data, keys, fuzzing, support,
                firstParty, soup, platform, Optional.empty(), Optional.empty(), List.of());
    }

    /**
     * Who makes the device: the SBOM's supplier and manufacturer (FDA and NTIA minimum element "supplier name").
     *
     * @param contact an e-mail address or URL for vulnerability reports (the PSIRT)
     */
    public record Manufacturer(String name, Optional<String> url, Optional<String> contact) {
        public Manufacturer {
            name = required(name, "manufacturer.name");
            url = orEmpty(url);
            contact = orEmpty(contact);
        }
    }

    /** The firmware the SBOM describes: its product name and release version (the SBOM's root component). */
    public record Product(String name, Optional<String> version) {
        public Product {
            name = required(name, "product.name");
            version = orEmpty(version);
        }
    }

    /** An empty profile: nothing declared (every interface is "not needed"). */
    public static DeviceProfile empty() {
        return new DeviceProfile(1, Optional.empty(), List.of(), Set.of(), null, null, null, null, null, null,
                null, null, null);
    }

    /** True when the device needs {@code iface}. */
    public boolean needs(DeviceInterface iface) {
        return interfaces.contains(iface);
    }

    /**
     * Services the device may or must not run, by daemon or unit name ("sshd", "telnetd", "getty@ttyS0").
     *
     * @param allowed   services the device needs; reported as inventory, never as findings
     * @param forbidden services that must not be present at all (any presence is a finding)
     */
    public record Services(List<String> allowed, List<String> forbidden) {
        static final Services NONE = new Services(List.of(), List.of());

        public Services {
            allowed = copy(allowed);
            forbidden = copy(forbidden);
        }

        public boolean isAllowed(String service) {
            return contains(allowed, service);
        }

        public boolean isForbidden(String service) {
            return contains(forbidden, service);
        }

        private static boolean contains(List<String> names, String service) {
            String s = service.toLowerCase(Locale.ROOT);
            return names.stream().anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(s));
        }
    }

    /** Kernel rules the maker deliberately does not follow. */
    public record Kernel(List<AcceptedDeviation> accepted) {
        static final Kernel NONE = new Kernel(List.of());

        public Kernel {
            accepted = copy(accepted);
        }

        /** The accepted deviation for rule {@code ruleId}, if any. */
        public Optional<AcceptedDeviation> acceptance(String ruleId) {
            return accepted.stream().filter(a -> a.rule().equals(ruleId)).findFirst();
        }
    }

    /** A kernel rule the device does not follow, and why (reported as info with the justification). */
    public record AcceptedDeviation(String rule, String justification) {
        public AcceptedDeviation {
            rule = required(rule, "kernel.accepted[].rule");
            justification = required(justification, "kernel.accepted[].justification");
        }
    }

    /**
     * Patient data kept on the device.
     *
     * @param phiStored      whether the device stores PHI at all (empty: not declared)
     * @param phiDirectories image paths of directories holding PHI
     */
    public record Data(Optional<Boolean> phiStored, List<String> phiDirectories) {
        static final Data NONE = new Data(Optional.empty(), List.of());

        public Data {
            phiStored = orEmpty(phiStored);
            phiDirectories = copy(phiDirectories).stream().map(DeviceProfile::imagePath).toList();
        }
    }

    /**
     * Private keys.
     *
     * @param storage        where private keys live (empty: not declared)
     * @param expectedOnDisk key files that are in the image on purpose, each justified
     */
    public record Keys(Optional<KeyStorage> storage, List<KeyOnDisk> expectedOnDisk) {
        static final Keys NONE = new Keys(Optional.empty(), List.of());

        public Keys {
            storage = orEmpty(storage);
            expectedOnDisk = copy(expectedOnDisk);
        }

        public Optional<KeyOnDisk> expected(String imagePath) {
            return expectedOnDisk.stream().filter(k -> k.path().equals(imagePath)).findFirst();
        }
    }

    /** A key file that is expected in the image, with the reason. */
    public record KeyOnDisk(String path, String justification) {
        public KeyOnDisk {
            path = imagePath(required(path, "keys.expectedOnDisk[].path"));
            justification = required(justification, "keys.expectedOnDisk[].justification");
        }
    }

    /** @param externalInputBinaries image paths of binaries that parse input from outside the device */
    public record Fuzzing(List<String> externalInputBinaries) {
        static final Fuzzing NONE = new Fuzzing(List.of());

        public Fuzzing {
            externalInputBinaries = copy(externalInputBinaries).stream().map(DeviceProfile::imagePath).toList();
        }
    }

    /**
     * Support dates.
     *
     * @param deviceEndOfSupport when the maker stops supporting the device (components must be supported until then)
     * @param endOfSupport       end-of-support dates that override the built-in ones, per component
     */
    public record Support(Optional<LocalDate> deviceEndOfSupport, List<EndOfSupport> endOfSupport) {
        static final Support NONE = new Support(Optional.empty(), List.of());

        public Support {
            deviceEndOfSupport = orEmpty(deviceEndOfSupport);
            endOfSupport = copy(endOfSupport);
        }

        @JsonCreator
        static Support fromYaml(@JsonProperty("deviceEndOfSupport") String deviceEnd,
                                @JsonProperty("endOfSupport") List<EndOfSupport> entries) {
            return new Support(Optional.ofNullable(deviceEnd).map(d -> parseDate(d, "support.deviceEndOfSupport")),
                    entries);
        }

        /** The override for {@code component} (case-insensitive name), version-specific entries first. */
        public Optional<EndOfSupport> find(String component, String version) {
            String c = component.toLowerCase(Locale.ROOT);
            return endOfSupport.stream()
                    .filter(e -> e.component().toLowerCase(Locale.ROOT).equals(c))
                    .filter(e -> e.version().map(v -> version.equals(v) || version.startsWith(v + ".")).orElse(true))
                    .min((a, b) -> Boolean.compare(a.version().isEmpty(), b.version().isEmpty()));
        }
    }

    /**
     * One end-of-support override.
     *
     * @param component component name as the SBOM names it ("openssl", "linux")
     * @param version   version or version prefix ("3.0" covers 3.0.x); empty for every version
     * @param date      the last day of support
     * @param source    where the date comes from (vendor notice, contract)
     */
    public record EndOfSupport(String component, Optional<String> version, LocalDate date, Optional<String> source) {
        public EndOfSupport {
            component = required(component, "support.endOfSupport[].component");
            version = orEmpty(version);
            Objects.requireNonNull(date, "support.endOfSupport[].date is required");
            source = orEmpty(source);
        }

        @JsonCreator
        static EndOfSupport fromYaml(@JsonProperty("component") String component,
                                     @JsonProperty("version") String version,
                                     @JsonProperty("date") String date,
                                     @JsonProperty("source") String source) {
            return new EndOfSupport(component, Optional.ofNullable(version),
                    parseDate(required(date, "support.endOfSupport[].date"), "support.endOfSupport[].date"),
                    Optional.ofNullable(source));
        }
    }

    /**
     * Third-party files that no package manager lists (a vendor SDK copied into /opt), so that their findings are
     * assessed as SOUP.
     *
     * @param path      image path glob ("/opt/vendor/**")
     * @param component the component's name, as the SBOM should name it
     * @param version   its version
     * @param supplier  who supplies it (optional)
     */
    public record SoupFiles(String path, String component, String version, Optional<String> supplier) {
        public SoupFiles {
            path = pathGlob(path);
            component = required(component, "soup[].component");
            version = required(version, "soup[].version");
            supplier = orEmpty(supplier);
        }
    }

    /**
     * @param enforces protections the platform enforces at run time: ibt and shadow-stack (x86 CET), bti and pac
     *                 (arm64 branch protection); without them a binary's missing marking is only info
     */
    public record Platform(List<String> enforces) {
        static final Platform NONE = new Platform(List.of());
        static final List<String> FEATURES = List.of("ibt", "shadow-stack", "bti", "pac");

        public Platform {
            enforces = copy(enforces).stream().map(f -> {
                String v = f.trim().toLowerCase(Locale.ROOT);
                if (!FEATURES.contains(v)) {
                    throw new IllegalArgumentException("platform.enforces: unknown protection '" + f + "' (known: "
                            + String.join(", ", FEATURES) + ")");
                }
                return v;
            }).toList();
        }
    }

    /** A path glob of the profile: '/'-rooted ("/opt/pump/**", "/usr/bin/pumpd"). */
    private static String pathGlob(String p) {
        String s = required(p, "path").replace('\\', '/');
        if (!s.startsWith("/")) {
            throw new IllegalArgumentException("'" + p + "' must be an absolute image path or glob (start with '/')");
        }
        try {
            java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + p + "' is not a valid glob: " + e.getMessage());
        }
        return s;
    }

    /** Reads and validates a profile file. */
    public static DeviceProfile load(Path file) throws InvalidProfileException {
        String shown = String.valueOf(file.getFileName());
        try {
            long size = Files.size(file);
            if (size > MAX_SIZE) {
                throw new InvalidProfileException(shown + ": " + size + " bytes is too large for a device profile (max "
                        + MAX_SIZE + ")");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, shown);
            }
        } catch (InvalidProfileException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProfileException(shown + ": cannot read device profile: " + e.getMessage(), e);
        }
    }

    /** Parses a profile from YAML (or JSON, a subset of YAML); {@code name} labels error messages. */
    public static DeviceProfile parse(InputStream in, String name) throws InvalidProfileException {
        try {
            DeviceProfile p = MAPPER.readValue(in, DeviceProfile.class);
            if (p == null) {
                throw new InvalidProfileException(name + ": the device profile is empty");
            }
            return p;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            throw new InvalidProfileException(name + where(e) + ": unknown key '" + e.getPropertyName() + "'"
                    + pathOf(e) + "; known keys here: " + known, e);
        } catch (JsonMappingException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = root instanceof IllegalArgumentException || root instanceof NullPointerException
                    ? root.getMessage() : e.getOriginalMessage();
            throw new InvalidProfileException(name + where(e) + pathOf(e) + ": " + why, e);
        } catch (JsonProcessingException e) {
            throw new InvalidProfileException(name + where(e) + ": not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidProfileException(name + ": cannot read device profile: " + e.getMessage(), e);
        }
    }

    /** The scan's profile, or why it could not be read: computed once per scan and shared by every check. */
    private record Loaded(Optional<DeviceProfile> profile, InvalidProfileException error) {
    }

    private static final dev.medsec.core.image.ImageKey<Loaded> PROFILE = dev.medsec.core.image.ImageKey.of(
            "device-profile", image -> {
                try {
                    return new Loaded(of(image.settings()), null);
                } catch (InvalidProfileException e) {
                    return new Loaded(Optional.empty(), e);
                }
            });

    /**
     * The profile of this scan ({@code --profile}), parsed once per scan (per {@link dev.medsec.core.image.Image},
     * not per process: two scans in one JVM never share a stale profile); empty when the scan has none.
     *
     * @throws InvalidProfileException when a profile was given but is unreadable or invalid
     */
    public static Optional<DeviceProfile> of(dev.medsec.core.image.Image image) throws InvalidProfileException {
        Loaded l = image.shared(PROFILE);
        if (l.error() != null) {
            throw l.error();
        }
        return l.profile();
    }

    /**
     * The profile named by the scan settings ({@code --profile}), read now; empty when the scan has no profile.
     * Checks use {@link #of(dev.medsec.core.image.Image)}, which reads it once per scan.
     *
     * @throws InvalidProfileException when a profile was given but is unreadable or invalid
     */
    public static Optional<DeviceProfile> of(ScanSettings settings) throws InvalidProfileException {
        if (settings.profile().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(load(settings.profile().get().toAbsolutePath().normalize()));
    }

    private static final int MAX_SIZE_CODE_POINTS = 4 << 20;

    private static ObjectMapper mapper() {
        // YAML's own bombs: a few aliases at most (billion laughs), a bounded nesting and document size
        org.yaml.snakeyaml.LoaderOptions loader = new org.yaml.snakeyaml.LoaderOptions();
        loader.setMaxAliasesForCollections(10);
        loader.setNestingDepthLimit(32);
        loader.setCodePointLimit(MAX_SIZE_CODE_POINTS);
        loader.setAllowDuplicateKeys(false);
        YAMLFactory yaml = YAMLFactory.builder().loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
                        .maxStringLength(64 * 1024).maxNumberLength(32).build())
                .build();
        yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return new ObjectMapper(yaml)
                .registerModule(new Jdk8Module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "" : ": line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "" : " (at " + sb + ")";
    }

    private static LocalDate parseDate(String text, String field) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + ": '" + text + "' is not a date (YYYY-MM-DD)", e);
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.trim();
    }

    /** Profile paths are image paths: '/'-rooted, no trailing slash. */
    private static String imagePath(String p) {
        String s = required(p, "path").replace('\\', '/');
        if (!s.startsWith("/")) {
            throw new IllegalArgumentException("'" + p + "' must be an absolute image path (start with '/')");
        }
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static <T> List<T> copy(List<T> list) {
        if (list == null) {
            return List.of();
        }
        for (T t : list) {
            if (t == null) {
                throw new IllegalArgumentException("a list entry is empty");
            }
        }
        return List.copyOf(list);
    }

    private static <T> Optional<T> orEmpty(Optional<T> o) {
        return o == null ? Optional.empty() : o;
    }
}
