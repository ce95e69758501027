package dev.medsec.core.check;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@link CheckInfo} of a check as a value, plus validation of the rules every check's metadata keeps. */
public record CheckMetadata(String id, Principle principle, Severity severity, List<Integer> cwe, String summary,
                            String remediation, List<String> altIds, String className, SoupTreatment soup,
                            List<String> infoUnlessPlatformEnforces) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+(-[a-z0-9]+)*)+");

    /** Id prefixes each principle's checks use, so an id tells the reader which principle it serves. */
    public static final Map<Principle, List<String>> ID_PREFIXES = Map.of(
            Principle.HARDWARE_SECURITY, List.of("hardware.", "secureboot."),
            Principle.TOOLCHAIN_HARDENING, List.of("hardening."),
            Principle.ATTACK_SURFACE, List.of("attacksurface.", "soup."),
            Principle.UNTRUSTED_INPUT, List.of("input."),
            Principle.MEMORY_MANAGEMENT, List.of("memory."),
            Principle.SENSITIVE_DATA, List.of("sensitive."),
            Principle.STRONG_CRYPTO, List.of("crypto."));

    /** Feature names {@link CheckInfo#infoUnlessPlatformEnforces} may use (device profile platform.enforces). */
    public static final List<String> PLATFORM_FEATURES = List.of("ibt", "shadow-stack", "bti", "pac");

    public CheckMetadata {
        cwe = List.copyOf(cwe);
        altIds = List.copyOf(altIds);
        soup = soup == null ? SoupTreatment.ROLL_UP : soup;
        infoUnlessPlatformEnforces = infoUnlessPlatformEnforces == null ? List.of() : List.copyOf(infoUnlessPlatformEnforces);
    }

    public CheckMetadata(String id, Principle principle, Severity severity, List<Integer> cwe, String summary,
                         String remediation, List<String> altIds, String className) {
        this(id, principle, severity, cwe, summary, remediation, altIds, className, SoupTreatment.ROLL_UP, List.of());
    }

    public static CheckMetadata of(Check check) {
        return of(check.getClass());
    }

    public static CheckMetadata of(Class<?> type) {
        CheckInfo info = type.getAnnotation(CheckInfo.class);
        if (info == null) {
            throw new IllegalArgumentException(type.getName() + " has no @CheckInfo");
        }
        return new CheckMetadata(info.id(), info.principle(), info.severity(),
                Arrays.stream(info.cwe()).boxed().toList(), info.summary(), info.remediation(),
                List.of(info.altIds()), type.getName(), info.soup(), List.of(info.infoUnlessPlatformEnforces()));
    }

    /** Everything wrong with this metadata; empty when it is valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!ID.matcher(id).matches()) {
            out.add(id + ": id must look like 'area.kebab-name'");
        }
        if (ID_PREFIXES.get(principle).stream().noneMatch(id::startsWith)) {
            out.add(id + ": id of a principle " + principle.number() + " check must start with one of "
                    + ID_PREFIXES.get(principle));
        }
        if (cwe.isEmpty() || cwe.stream().anyMatch(c -> c <= 0)) {
            out.add(id + ": at least one positive CWE number is required");
        }
        if (summary.isBlank() || summary.length() > 120) {
            out.add(id + ": summary must be one line of at most 120 characters");
        }
        if (remediation.isBlank()) {
            out.add(id + ": remediation is required");
        }
        for (String feature : infoUnlessPlatformEnforces) {
            if (!PLATFORM_FEATURES.contains(feature)) {
                out.add(id + ": platform feature '" + feature + "' is not one of " + PLATFORM_FEATURES);
            }
        }
        for (String alt : altIds) {
            if (!ID.matcher(alt).matches()) {
                out.add(id + ": alternative id '" + alt + "' is malformed");
            }
        }
        return out;
    }
}
