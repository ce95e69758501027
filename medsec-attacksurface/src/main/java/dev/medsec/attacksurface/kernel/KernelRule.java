package dev.medsec.attacksurface.kernel;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.medsec.core.Severity;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One rule of the kernel rule set ({@code kernel-rules.yaml}). Conditions are kept as the expressions written
 * in the file and compiled once when the rule set loads, so a malformed rule fails the load, not a scan.
 *
 * @param expect    conditions that must all hold
 * @param anyOf     alternatives of which one must hold (in addition to {@code expect})
 * @param needs     prerequisites: when one is false the expected option is missing "because its parent is off",
 *                  which is still a failure and reported as such
 * @param onlyIf    the rule matters only when these hold (the protected feature exists); otherwise the result is
 *                  {@link RuleResult.Status#PARENT_OFF}
 * @param orKconfig for command-line and sysctl rules: kernel config conditions that give the same protection
 *                  by default (e.g. {@code CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y} for {@code init_on_alloc=1})
 * @param since     first kernel version that has the option (older kernels: not applicable, never a failure)
 * @param until     first kernel version that no longer has it (renamed or removed)
 * @param defaultValue for sysctl rules: the kernel's value when nothing sets the key
 */
public record KernelRule(String id, Kind kind, Category category, Severity severity, String title,
                         List<String> expect, List<String> anyOf, List<String> needs, List<String> onlyIf,
                         List<String> orKconfig, List<Arch> archs, Optional<KernelVersion> since,
                         Optional<KernelVersion> until, Optional<String> defaultValue, String rationale,
                         List<String> source, String remediation) {

    /** What the rule looks at. */
    public enum Kind {
        KCONFIG, CMDLINE, SYSCTL;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind of(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** KSPP's three groups. */
    public enum Category {
        SELF_PROTECTION("self-protection"), ATTACK_SURFACE("attack-surface"), USER_SPACE("user-space");

        private final String id;

        Category(String id) {
            this.id = id;
        }

        @JsonValue
        public String id() {
            return id;
        }

        @JsonCreator
        public static Category of(String s) {
            for (Category c : values()) {
                if (c.id.equals(s.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown category '" + s
                    + "' (self-protection, attack-surface, user-space)");
        }
    }

    public KernelRule {
        expect = List.copyOf(expect);
        anyOf = List.copyOf(anyOf);
        needs = List.copyOf(needs);
        onlyIf = List.copyOf(onlyIf);
        orKconfig = List.copyOf(orKconfig);
        archs = List.copyOf(archs);
        source = List.copyOf(source);
    }

    @JsonCreator
    static KernelRule fromYaml(@JsonProperty(value = "id", required = true) String id,
                               @JsonProperty(value = "kind", required = true) Kind kind,
                               @JsonProperty(value = "category", required = true) Category category,
                               @JsonProperty(value = "severity", required = true) String severity,
                               @JsonProperty(value = "title", required = true) String title,
                               @JsonProperty("expect") List<String> expect,
                               @JsonProperty("anyOf") List<String> anyOf,
                               @JsonProperty("needs") List<String> needs,
                               @JsonProperty("onlyIf") List<String> onlyIf,
                               @JsonProperty("orKconfig") List<String> orKconfig,
                               @JsonProperty("archs") List<Arch> archs,
                               @JsonProperty("since") String since,
                               @JsonProperty("until") String until,
                               @JsonProperty("default") String defaultValue,
                               @JsonProperty(value = "rationale", required = true) String rationale,
                               @JsonProperty(value = "source", required = true) List<String> source,
                               @JsonProperty(value = "remediation", required = true) String remediation) {
        return new KernelRule(id, kind, category, Severity.valueOf(severity.trim().toUpperCase(Locale.ROOT)), title,
                orEmpty(expect), orEmpty(anyOf), orEmpty(needs), orEmpty(onlyIf), orEmpty(orKconfig), orEmpty(archs),
                Optional.ofNullable(since).map(KernelVersion::parse), Optional.ofNullable(until).map(KernelVersion::parse),
                Optional.ofNullable(defaultValue), rationale.strip(), source, remediation.strip());
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** True when the rule applies to {@code arch} (rules without archs apply to all). */
    public boolean appliesTo(Arch arch) {
        return archs.isEmpty() || archs.contains(arch);
    }

    /** True when the option exists in kernel {@code v}. */
    public boolean existsIn(KernelVersion v) {
        return since.map(s -> !v.isBefore(s)).orElse(true) && until.map(v::isBefore).orElse(true);
    }

    /** The version range as text, for evidence ("5.13 .. 6.9", ">= 4.18", "all"). */
    public String versionRange() {
        if (since.isEmpty() && until.isEmpty()) {
            return "all";
        }
        return since.map(s -> ">= " + s.major() + "." + s.minor()).orElse("")
                + (since.isPresent() && until.isPresent() ? ", " : "")
                + until.map(u -> "< " + u.major() + "." + u.minor()).orElse("");
    }
}
