package dev.medsec.attacksurface.kernel;

import dev.medsec.profile.Arch;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.medsec.attacksurface.StrictYaml;
import dev.medsec.core.Severity;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

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

    /** The fields a rule may have in {@code kernel-rules.yaml}. */
    static final Set<String> FIELDS = Set.of("id", "kind", "category", "severity", "title", "expect", "anyOf",
            "needs", "onlyIf", "orKconfig", "archs", "since", "until", "default", "rationale", "source", "remediation");

    /** One rule of the file; a missing required field, an unknown one or a bad value fails with its name. */
    static KernelRule fromYaml(StrictYaml.Fields f) throws IOException {
        f.only(FIELDS);
        String id = f.text("id");
        try {
            List<Arch> archs = new ArrayList<>();
            for (String a : f.texts("archs")) {
                archs.add(Arch.of(a));
            }
            return new KernelRule(id, Kind.of(f.text("kind")), Category.of(f.text("category")),
                    Severity.valueOf(f.text("severity").trim().toUpperCase(Locale.ROOT)), f.text("title"),
                    f.texts("expect"), f.texts("anyOf"), f.texts("needs"), f.texts("onlyIf"), f.texts("orKconfig"),
                    archs, f.optionalText("since").map(KernelVersion::parse), f.optionalText("until").map(KernelVersion::parse),
                    f.optionalText("default"), f.text("rationale").strip(), f.requiredTexts("source"),
                    f.text("remediation").strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("rule " + id + ": " + e.getMessage(), e);
        }
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
