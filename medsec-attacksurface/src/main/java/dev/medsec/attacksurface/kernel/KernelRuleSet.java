package dev.medsec.attacksurface.kernel;

import dev.medsec.profile.Arch;
import com.fasterxml.jackson.databind.JsonNode;
import dev.medsec.attacksurface.StrictYaml;
import dev.medsec.profile.DeviceProfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The kernel hardening rule set: kernel config, command-line and sysctl rules, loaded from the data file
 * {@code kernel-rules.yaml} (reviewed like code) and compiled once. Evaluation is pure and thread-safe.
 */
public final class KernelRuleSet {
    public static final String RESOURCE = "/dev/medsec/attacksurface/kernel/kernel-rules.yaml";
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+(-[a-z0-9]+)*)+");

    private static volatile KernelRuleSet builtIn;

    private final List<Compiled> rules;

    private record Compiled(KernelRule rule, List<ConfigCondition> expect, List<ConfigCondition> anyOf,
                            List<ConfigCondition> needs, List<ConfigCondition> onlyIf, List<ConfigCondition> orKconfig,
                            List<ParamCondition> params, List<ParamCondition> paramsAny) {
    }

    private KernelRuleSet(List<Compiled> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rule set shipped with medsec. */
    // synchronized: checks running in parallel ask at the same moment; the table is parsed once, not once each.
    public static synchronized KernelRuleSet builtIn() {
        KernelRuleSet r = builtIn;
        if (r == null) {
            try (InputStream in = KernelRuleSet.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                r = load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = r;
        }
        return r;
    }

    /** Loads and validates a rule file; every problem fails the load. */
    public static KernelRuleSet load(InputStream in) throws IOException {
        StrictYaml.Fields file = StrictYaml.read(in, "kernel rule file").only(Set.of("rules"));
        JsonNode list = file.node("rules");
        if (!list.isArray()) {
            throw new IOException("kernel rule file: 'rules' must be a list");
        }
        List<Compiled> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            KernelRule r = KernelRule.fromYaml(StrictYaml.Fields.of(list.get(i), "rule " + (i + 1)));
            if (!ID.matcher(r.id()).matches() || !ids.add(r.id())) {
                throw new IOException("rule id '" + r.id() + "' is malformed or duplicated");
            }
            try {
                out.add(compile(r));
            } catch (IllegalArgumentException e) {
                throw new IOException("rule " + r.id() + ": " + e.getMessage(), e);
            }
        }
        return new KernelRuleSet(out);
    }

    private static Compiled compile(KernelRule r) {
        boolean kconfig = r.kind() == KernelRule.Kind.KCONFIG;
        if (r.expect().isEmpty() && r.anyOf().isEmpty()) {
            throw new IllegalArgumentException("needs 'expect' or 'anyOf'");
        }
        if (!kconfig && !r.needs().isEmpty()) {
            throw new IllegalArgumentException("'needs' is for kconfig rules");
        }
        if (kconfig && (!r.orKconfig().isEmpty() || r.defaultValue().isPresent())) {
            throw new IllegalArgumentException("'orKconfig' and 'default' are for cmdline and sysctl rules");
        }
        if (r.source().isEmpty()) {
            throw new IllegalArgumentException("needs a source");
        }
        return new Compiled(r,
                kconfig ? ConfigCondition.parseAll(r.expect()) : List.of(),
                kconfig ? ConfigCondition.parseAll(r.anyOf()) : List.of(),
                ConfigCondition.parseAll(r.needs()), ConfigCondition.parseAll(r.onlyIf()),
                ConfigCondition.parseAll(r.orKconfig()),
                kconfig ? List.of() : r.expect().stream().map(ParamCondition::parse).toList(),
                kconfig ? List.of() : r.anyOf().stream().map(ParamCondition::parse).toList());
    }

    public List<KernelRule> rules() {
        return rules.stream().map(Compiled::rule).toList();
    }

    public List<KernelRule> rules(KernelRule.Kind kind) {
        return rules.stream().map(Compiled::rule).filter(r -> r.kind() == kind).toList();
    }

    /** Evaluates every kconfig rule on {@code config}. */
    public List<RuleResult> evaluateConfig(KernelConfig config, Optional<DeviceProfile> profile) {
        List<RuleResult> out = new ArrayList<>();
        for (Compiled c : rules) {
            if (c.rule().kind() != KernelRule.Kind.KCONFIG) {
                continue;
            }
            out.add(accepted(profile, evaluateConfigRule(c, config)));
        }
        return out;
    }

    private RuleResult evaluateConfigRule(Compiled c, KernelConfig config) {
        KernelRule r = c.rule();
        Optional<RuleResult> na = notApplicable(r, Optional.of(config));
        if (na.isPresent()) {
            return na.get();
        }
        List<String> observed = new ArrayList<>();
        for (ConfigCondition cc : c.onlyIf()) {
            if (!cc.test(config)) {
                return new RuleResult(r, RuleResult.Status.PARENT_OFF, "not applicable: " + cc.observed(config)
                        + " (the rule protects a feature that is not built)", List.of(cc.observed(config)));
            }
        }
        boolean ok = true;
        for (ConfigCondition cc : c.expect()) {
            observed.add(cc.observed(config));
            ok &= cc.test(config);
        }
        if (!c.anyOf().isEmpty()) {
            boolean any = false;
            for (ConfigCondition cc : c.anyOf()) {
                observed.add(cc.observed(config));
                any |= cc.test(config);
            }
            ok &= any;
        }
        if (ok) {
            return new RuleResult(r, RuleResult.Status.PASS, "as expected", observed);
        }
        for (ConfigCondition parent : c.needs()) {
            if (!parent.test(config)) {
                observed.add(parent.observed(config));
                return new RuleResult(r, RuleResult.Status.FAIL, "absent because its parent is off: "
                        + parent.observed(config) + " (expected " + parent + ")", observed);
            }
        }
        return new RuleResult(r, RuleResult.Status.FAIL, "expected " + expectation(r), observed);
    }

    /** Evaluates command-line rules on the parsed command line, with the kernel config's defaults if known. */
    public List<RuleResult> evaluateCmdline(Map<String, String> cmdline, Optional<KernelConfig> config,
                                            Optional<DeviceProfile> profile) {
        return evaluateParams(KernelRule.Kind.CMDLINE, cmdline, config, profile);
    }

    /** Evaluates sysctl rules on the effective settings, with the kernel config's defaults if known. */
    public List<RuleResult> evaluateSysctl(Map<String, String> sysctl, Optional<KernelConfig> config,
                                           Optional<DeviceProfile> profile) {
        return evaluateParams(KernelRule.Kind.SYSCTL, sysctl, config, profile);
    }

    private List<RuleResult> evaluateParams(KernelRule.Kind kind, Map<String, String> settings,
                                            Optional<KernelConfig> config, Optional<DeviceProfile> profile) {
        List<RuleResult> out = new ArrayList<>();
        for (Compiled c : rules) {
            if (c.rule().kind() == kind) {
                out.add(accepted(profile, evaluateParamRule(c, settings, config)));
            }
        }
        return out;
    }

    private RuleResult evaluateParamRule(Compiled c, Map<String, String> settings, Optional<KernelConfig> config) {
        KernelRule r = c.rule();
        Optional<RuleResult> na = notApplicable(r, config);
        if (na.isPresent()) {
            return na.get();
        }
        if (config.isPresent()) {
            for (ConfigCondition cc : c.onlyIf()) {
                if (!cc.test(config.get())) {
                    return new RuleResult(r, RuleResult.Status.PARENT_OFF, "not applicable: "
                            + cc.observed(config.get()), List.of(cc.observed(config.get())));
                }
            }
        }
        List<String> observed = new ArrayList<>();
        boolean ok = true;
        for (ParamCondition p : c.params()) {
            observed.add(show(p, settings, r));
            ok &= p.test(settings, r.defaultValue());
        }
        if (!c.paramsAny().isEmpty()) {
            boolean any = false;
            for (ParamCondition p : c.paramsAny()) {
                observed.add(show(p, settings, r));
                any |= p.test(settings, r.defaultValue());
            }
            ok &= any;
        }
        if (ok) {
            return new RuleResult(r, RuleResult.Status.PASS, "as expected", observed);
        }
        if (config.isPresent() && !c.orKconfig().isEmpty()
                && c.orKconfig().stream().allMatch(cc -> cc.test(config.get()))) {
            c.orKconfig().forEach(cc -> observed.add(cc.observed(config.get())));
            return new RuleResult(r, RuleResult.Status.PASS, "kernel default from its configuration", observed);
        }
        String alt = c.orKconfig().isEmpty() ? "" : " (or " + String.join(", ", r.orKconfig())
                + " in the kernel config" + (config.isEmpty() ? ", which was not found" : "") + ")";
        return new RuleResult(r, RuleResult.Status.FAIL, "expected " + expectation(r) + alt, observed);
    }

    private static String show(ParamCondition p, Map<String, String> settings, KernelRule r) {
        String v = settings.get(p.name());
        if (v != null) {
            return v.isEmpty() ? p.name() : p.name() + "=" + v;
        }
        return p.name() + " not set" + r.defaultValue().map(d -> " (kernel default " + d + ")").orElse("");
    }

    private static Optional<RuleResult> notApplicable(KernelRule r, Optional<KernelConfig> config) {
        if (config.isEmpty()) {
            return Optional.empty();
        }
        Optional<Arch> arch = config.get().arch();
        if (arch.isPresent() && !r.appliesTo(arch.get())) {
            return Optional.of(new RuleResult(r, RuleResult.Status.NOT_APPLICABLE, "rule for " + r.archs()
                    + ", kernel is " + arch.get().id(), List.of()));
        }
        Optional<KernelVersion> v = config.get().version();
        if (v.isPresent() && !r.existsIn(v.get())) {
            return Optional.of(new RuleResult(r, RuleResult.Status.NOT_APPLICABLE, "option exists in kernels "
                    + r.versionRange() + ", kernel is " + v.get(), List.of()));
        }
        return Optional.empty();
    }

    private static RuleResult accepted(Optional<DeviceProfile> profile, RuleResult res) {
        if (res.status() != RuleResult.Status.FAIL || profile.isEmpty()) {
            return res;
        }
        return profile.get().kernel().acceptance(res.rule().id())
                .map(a -> new RuleResult(res.rule(), RuleResult.Status.ACCEPTED, "accepted by the device profile: "
                        + a.justification(), res.observed()))
                .orElse(res);
    }

    private static String expectation(KernelRule r) {
        StringBuilder sb = new StringBuilder(String.join(" and ", r.expect()));
        if (!r.anyOf().isEmpty()) {
            sb.append(sb.length() > 0 ? " and " : "").append("one of ").append(String.join(", ", r.anyOf()));
        }
        return sb.toString();
    }
}
