package dev.medsec.core.image;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user told the scan besides the target, available to every check through {@link Image#settings()}.
 *
 * @param now        the scan's reference time (certificate validity, waiver expiry), fixed for reproducibility
 * @param profile    device profile file (--profile)
 * @param sourceDirs C/C++ source trees given with --source
 * @param buildDirs  build directories given with --build-dir (compile_commands.json)
 * @param evidence   dynamic-test evidence files given with --evidence
 * @param database   vulnerability database location (--db), empty for the default
 * @param extra      options a module reads by name and documents itself
 * @param vexFiles     VEX documents given with --vex (a list: a path may hold any character, a comma too)
 * @param platformCpes platforms given with --platform-cpe
 * @param endOfSupport extra end-of-support dates given with --end-of-support
 */
public record ScanSettings(Instant now, Optional<Path> profile, List<Path> sourceDirs, List<Path> buildDirs,
                           List<Path> evidence, Optional<String> database, Map<String, String> extra,
                           List<Path> vexFiles, List<String> platformCpes, Optional<Path> endOfSupport) {
    public ScanSettings {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(database, "database");
        sourceDirs = List.copyOf(sourceDirs);
        buildDirs = List.copyOf(buildDirs);
        evidence = List.copyOf(evidence);
        extra = Map.copyOf(extra);
        vexFiles = vexFiles == null ? List.of() : List.copyOf(vexFiles);
        platformCpes = platformCpes == null ? List.of() : List.copyOf(platformCpes);
        endOfSupport = endOfSupport == null ? Optional.empty() : endOfSupport;
    }

    public ScanSettings(Instant now, Optional<Path> profile, List<Path> sourceDirs, List<Path> buildDirs,
                        List<Path> evidence, Optional<String> database, Map<String, String> extra) {
        this(now, profile, sourceDirs, buildDirs, evidence, database, extra, List.of(), List.of(), Optional.empty());
    }

    /** The same settings with the vulnerability-matching inputs (--vex, --platform-cpe, --end-of-support). */
    public ScanSettings withVulnerabilityInputs(List<Path> vex, List<String> cpes, Optional<Path> eos) {
        return new ScanSettings(now, profile, sourceDirs, buildDirs, evidence, database, extra, vex, cpes, eos);
    }

    public static ScanSettings defaults() {
        return new ScanSettings(Instant.now(), Optional.empty(), List.of(), List.of(), List.of(),
                Optional.empty(), Map.of());
    }

    public ScanSettings withProfile(Path p) {
        return new ScanSettings(now, Optional.of(p), sourceDirs, buildDirs, evidence, database, extra, vexFiles,
                platformCpes, endOfSupport);
    }

    public ScanSettings withNow(Instant instant) {
        return new ScanSettings(instant, profile, sourceDirs, buildDirs, evidence, database, extra, vexFiles,
                platformCpes, endOfSupport);
    }
}
