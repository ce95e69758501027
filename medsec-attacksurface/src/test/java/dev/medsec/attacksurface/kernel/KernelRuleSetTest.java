package dev.medsec.attacksurface.kernel;

import dev.medsec.profile.Arch;
import dev.medsec.profile.DeviceProfile;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelRuleSetTest {
    private static final KernelRuleSet RULES = KernelRuleSet.builtIn();

    private static RuleResult eval(String ruleId, String config) throws KernelConfigException {
        return RULES.evaluateConfig(KernelConfig.parse(config), Optional.empty()).stream()
                .filter(r -> r.rule().id().equals(ruleId)).findFirst().orElseThrow();
    }

    private static String cfg(String arch, String version, String... lines) {
        return "# Linux/" + arch + " " + version + " Kernel Configuration\n" + String.join("\n", lines) + "\n";
    }

    @Test
    void builtIn_coversEveryKindCategoryAndArchitecture() {
        List<KernelRule> all = RULES.rules();
        assertThat(RULES.rules(KernelRule.Kind.KCONFIG)).hasSizeGreaterThan(80);
        assertThat(RULES.rules(KernelRule.Kind.CMDLINE)).hasSizeGreaterThan(12);
        assertThat(RULES.rules(KernelRule.Kind.SYSCTL)).hasSizeGreaterThan(15);
        assertThat(all.stream().map(KernelRule::category).distinct()).hasSize(3);
        for (Arch a : List.of(Arch.X86_64, Arch.ARM64, Arch.ARM, Arch.RISCV)) {
            assertThat(all.stream().filter(r -> r.appliesTo(a)).count()).as(a.id()).isGreaterThan(60);
        }
        assertThat(all).allSatisfy(r -> {
            assertThat(r.rationale()).isNotBlank();
            assertThat(r.remediation()).isNotBlank();
            assertThat(r.source()).isNotEmpty();
        });
    }

    /**
     * Both sides of every kconfig rule: a config made of exactly what the rule expects passes, and the same
     * config with one expected value flipped fails. Catches contradictory rules and evaluator mistakes.
     */
    @Test
    void everyKconfigRule_passesOnItsExpectationAndFailsWhenViolated() throws Exception {
        List<String> problems = new ArrayList<>();
        for (KernelRule r : RULES.rules(KernelRule.Kind.KCONFIG)) {
            Arch arch = r.archs().isEmpty() ? Arch.X86_64 : r.archs().get(0);
            String version = r.since().map(v -> v.major() + "." + v.minor() + ".0").orElse("4.4.0");
            Map<String, String> good = new HashMap<>();
            archLine(arch, good);
            r.onlyIf().forEach(c -> satisfy(ConfigCondition.parse(c), good));
            r.needs().forEach(c -> satisfy(ConfigCondition.parse(c), good));
            r.expect().forEach(c -> satisfy(ConfigCondition.parse(c), good));
            if (!r.anyOf().isEmpty()) {
                satisfy(ConfigCondition.parse(r.anyOf().get(0)), good);
            }
            RuleResult pass = evalOne(r, arch, version, good);
            if (pass.status() != RuleResult.Status.PASS) {
                problems.add(r.id() + " should pass: " + pass.detail());
            }
            Map<String, String> bad = new HashMap<>(good);
            List<String> toBreak = new ArrayList<>(r.expect());
            if (toBreak.isEmpty()) {
                r.anyOf().forEach(c -> violate(ConfigCondition.parse(c), bad));
            } else {
                violate(ConfigCondition.parse(toBreak.get(toBreak.size() - 1)), bad);
            }
            RuleResult fail = evalOne(r, arch, version, bad);
            if (fail.status() != RuleResult.Status.FAIL) {
                problems.add(r.id() + " should fail: " + fail.status() + " " + fail.detail());
            }
        }
        assertThat(problems).isEmpty();
    }

    private static RuleResult evalOne(KernelRule r, Arch arch, String version, Map<String, String> opts)
            throws KernelConfigException {
        String body = opts.entrySet().stream()
                .map(e -> e.getValue().equals("n") ? "# " + e.getKey() + " is not set" : e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n"));
        return eval(r.id(), cfg(arch.id(), version, body));
    }

    private static void archLine(Arch a, Map<String, String> m) {
        switch (a) {
            case X86_64 -> m.put("CONFIG_X86_64", "y");
            case X86 -> m.put("CONFIG_X86_32", "y");
            case ARM64 -> m.put("CONFIG_ARM64", "y");
            case ARM -> m.put("CONFIG_ARM", "y");
            case RISCV -> m.put("CONFIG_RISCV", "y");
            default -> throw new IllegalArgumentException(a.id());
        }
    }

    private static void satisfy(ConfigCondition c, Map<String, String> m) {
        switch (c.op()) {
            case ON -> m.put(c.option(), "y");
            case OFF -> m.put(c.option(), "n");
            case EQ, GE, LE -> m.put(c.option(), c.operand());
            case NE -> m.put(c.option(), "-1");
            default -> throw new IllegalStateException();
        }
    }

    private static void violate(ConfigCondition c, Map<String, String> m) {
        switch (c.op()) {
            case ON -> m.put(c.option(), "n");
            case OFF -> m.put(c.option(), "y");
            case EQ -> m.put(c.option(), c.operand().equals("y") ? "n" : "y");
            case NE -> m.put(c.option(), c.operand());
            case GE -> m.put(c.option(), String.valueOf(Long.parseLong(c.operand()) - 1));
            case LE -> m.put(c.option(), String.valueOf(Long.parseLong(c.operand()) + 1));
            default -> throw new IllegalStateException();
        }
    }

    @Test
    void versionRange_optionNewerThanKernel_isNotApplicableNotFail() throws Exception {
        // kernel-hardening-checker reports such options as FAIL on older kernels; we must not.
        RuleResult r = eval("kspp.kconfig.legacy-tiocsti-off", cfg("x86", "6.1.0", "CONFIG_X86_64=y"));
        assertThat(r.status()).isEqualTo(RuleResult.Status.NOT_APPLICABLE);
        assertThat(r.detail()).contains(">= 6.2");
        RuleResult newer = eval("kspp.kconfig.legacy-tiocsti-off", cfg("x86", "6.2.0", "CONFIG_X86_64=y",
                "CONFIG_LEGACY_TIOCSTI=y"));
        assertThat(newer.status()).isEqualTo(RuleResult.Status.FAIL);
    }

    @Test
    void versionRange_removedOption_isNotApplicableAfterRemoval() throws Exception {
        assertThat(eval("kspp.kconfig.devkmem-off", cfg("x86", "6.1.0", "CONFIG_X86_64=y")).status())
                .isEqualTo(RuleResult.Status.NOT_APPLICABLE);
        assertThat(eval("kspp.kconfig.devkmem-off", cfg("x86", "5.10.0", "CONFIG_X86_64=y", "CONFIG_DEVKMEM=y"))
                .status()).isEqualTo(RuleResult.Status.FAIL);
    }

    @Test
    void archs_ruleForOtherArch_isNotApplicable() throws Exception {
        RuleResult r = eval("kspp.kconfig.x86.randomize-memory", cfg("arm64", "6.1.0", "CONFIG_ARM64=y"));
        assertThat(r.status()).isEqualTo(RuleResult.Status.NOT_APPLICABLE);
    }

    @Test
    void needs_parentOff_failsSayingSo() throws Exception {
        RuleResult r = eval("kspp.kconfig.stackleak", cfg("x86", "6.1.0", "CONFIG_X86_64=y"));
        assertThat(r.status()).isEqualTo(RuleResult.Status.FAIL);
        assertThat(r.detail()).contains("absent because its parent is off").contains("CONFIG_GCC_PLUGINS");
    }

    @Test
    void onlyIf_featureNotBuilt_isParentOffNotPass() throws Exception {
        RuleResult r = eval("kspp.kconfig.module-sig", cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "# CONFIG_MODULES is not set"));
        assertThat(r.status()).isEqualTo(RuleResult.Status.PARENT_OFF);
        assertThat(r.detail()).contains("CONFIG_MODULES");
    }

    @Test
    void anyOf_oneAlternativeSuffices() throws Exception {
        assertThat(eval("kspp.kconfig.debugfs-off", cfg("x86", "6.1.0", "CONFIG_X86_64=y", "CONFIG_DEBUG_FS=y",
                "CONFIG_DEBUG_FS_ALLOW_NONE=y")).status()).isEqualTo(RuleResult.Status.PASS);
        assertThat(eval("kspp.kconfig.debugfs-off", cfg("x86", "6.1.0", "CONFIG_X86_64=y", "CONFIG_DEBUG_FS=y",
                "CONFIG_DEBUG_FS_ALLOW_ALL=y")).status()).isEqualTo(RuleResult.Status.FAIL);
    }

    @Test
    void numeric_hexAndDecimalCompared() throws Exception {
        assertThat(eval("kspp.kconfig.default-mmap-min-addr", cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "CONFIG_DEFAULT_MMAP_MIN_ADDR=0x10000")).status()).isEqualTo(RuleResult.Status.PASS);
        assertThat(eval("kspp.kconfig.default-mmap-min-addr", cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "CONFIG_DEFAULT_MMAP_MIN_ADDR=4096")).status()).isEqualTo(RuleResult.Status.FAIL);
    }

    @Test
    void profile_acceptedDeviation_isReportedAsAccepted() throws Exception {
        DeviceProfile p = DeviceProfile.parse(new ByteArrayInputStream(("kernel:\n  accepted:\n"
                + "    - rule: kspp.kconfig.devmem-off\n      justification: vendor tool reads FPGA registers\n")
                .getBytes(StandardCharsets.UTF_8)), "p.yaml");
        RuleResult r = RULES.evaluateConfig(KernelConfig.parse(cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "CONFIG_DEVMEM=y")), Optional.of(p)).stream()
                .filter(x -> x.rule().id().equals("kspp.kconfig.devmem-off")).findFirst().orElseThrow();
        assertThat(r.status()).isEqualTo(RuleResult.Status.ACCEPTED);
        assertThat(r.detail()).contains("FPGA");
    }

    @Test
    void cmdline_parameterOrConfigDefault() throws Exception {
        KernelConfig withDefault = KernelConfig.parse(cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y"));
        KernelConfig without = KernelConfig.parse(cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "# CONFIG_INIT_ON_ALLOC_DEFAULT_ON is not set"));
        Map<String, String> none = KernelCommandLine.parse("console=ttyS0").params();
        Map<String, String> param = KernelCommandLine.parse("console=ttyS0 init_on_alloc=1").params();
        assertThat(status("kspp.cmdline.init-on-alloc", RULES.evaluateCmdline(none, Optional.of(withDefault),
                Optional.empty()))).isEqualTo(RuleResult.Status.PASS);
        assertThat(status("kspp.cmdline.init-on-alloc", RULES.evaluateCmdline(none, Optional.of(without),
                Optional.empty()))).isEqualTo(RuleResult.Status.FAIL);
        assertThat(status("kspp.cmdline.init-on-alloc", RULES.evaluateCmdline(param, Optional.of(without),
                Optional.empty()))).isEqualTo(RuleResult.Status.PASS);
    }

    @Test
    void cmdline_weakeningParameters_fail() {
        Map<String, String> p = KernelCommandLine.parse("root=/dev/mmcblk0p2 nokaslr mitigations=off init=/bin/sh")
                .params();
        List<RuleResult> r = RULES.evaluateCmdline(p, Optional.empty(), Optional.empty());
        assertThat(status("kspp.cmdline.no-nokaslr", r)).isEqualTo(RuleResult.Status.FAIL);
        assertThat(status("kspp.cmdline.mitigations-not-off", r)).isEqualTo(RuleResult.Status.FAIL);
        assertThat(status("medsec.cmdline.init-not-shell", r)).isEqualTo(RuleResult.Status.FAIL);
        List<RuleResult> clean = RULES.evaluateCmdline(KernelCommandLine.parse("root=/dev/mmcblk0p2 quiet").params(),
                Optional.empty(), Optional.empty());
        assertThat(status("kspp.cmdline.no-nokaslr", clean)).isEqualTo(RuleResult.Status.PASS);
        assertThat(status("kspp.cmdline.mitigations-not-off", clean)).isEqualTo(RuleResult.Status.PASS);
        assertThat(status("medsec.cmdline.init-not-shell", clean)).isEqualTo(RuleResult.Status.PASS);
    }

    @Test
    void sysctl_defaultsAndOverrides() throws Exception {
        List<RuleResult> unset = RULES.evaluateSysctl(Map.of(), Optional.empty(), Optional.empty());
        assertThat(status("kspp.sysctl.randomize-va-space", unset)).isEqualTo(RuleResult.Status.PASS);
        assertThat(status("kspp.sysctl.kptr-restrict", unset)).isEqualTo(RuleResult.Status.FAIL);
        List<RuleResult> set = RULES.evaluateSysctl(Map.of("kernel.randomize_va_space", "0",
                "kernel.kptr_restrict", "2"), Optional.empty(), Optional.empty());
        assertThat(status("kspp.sysctl.randomize-va-space", set)).isEqualTo(RuleResult.Status.FAIL);
        assertThat(status("kspp.sysctl.kptr-restrict", set)).isEqualTo(RuleResult.Status.PASS);
        KernelConfig dmesg = KernelConfig.parse(cfg("x86", "6.1.0", "CONFIG_X86_64=y",
                "CONFIG_SECURITY_DMESG_RESTRICT=y"));
        assertThat(status("kspp.sysctl.dmesg-restrict", RULES.evaluateSysctl(Map.of(), Optional.of(dmesg),
                Optional.empty()))).isEqualTo(RuleResult.Status.PASS);
    }

    @Test
    void load_malformedRuleFiles_areRejected() {
        assertThatThrownBy(() -> load("rules:\n- id: a.b\n  kind: kconfig\n  category: self-protection\n"
                + "  severity: low\n  title: t\n  expect: [CONFIG_X maybe]\n  rationale: r\n  source: [S]\n"
                + "  remediation: r\n")).hasMessageContaining("not a config condition");
        assertThatThrownBy(() -> load("rules:\n- id: a.b\n  kind: kconfig\n  category: self-protection\n"
                + "  severity: low\n  title: t\n  expect: [CONFIG_X=y]\n  rationale: r\n  source: [S]\n"
                + "  remediation: r\n  typo: 1\n")).hasMessageContaining("typo");
        String one = "- id: a.b\n  kind: kconfig\n  category: self-protection\n  severity: low\n  title: t\n"
                + "  expect: [CONFIG_X=y]\n  rationale: r\n  source: [S]\n  remediation: r\n";
        assertThatThrownBy(() -> load("rules:\n" + one + one)).hasMessageContaining("duplicated");
        // every required field, one at a time
        List<String> fields = List.of("id: a.b", "kind: kconfig", "category: self-protection", "severity: low",
                "title: t", "expect: [CONFIG_X=y]", "rationale: r", "source: [S]", "remediation: r");
        for (String field : List.of("id", "kind", "category", "severity", "title", "rationale", "source", "remediation")) {
            String rule = fields.stream().filter(l -> !l.startsWith(field + ":"))
                    .collect(Collectors.joining("\n  ", "rules:\n- ", "\n"));
            assertThatThrownBy(() -> load(rule)).as(field).hasMessageContaining("missing required field '" + field + "'");
        }
        assertThatThrownBy(() -> load("rules:\n" + one.replace("severity: low", "severity: dire")))
                .hasMessageContaining("rule a.b").hasMessageContaining("DIRE");
        assertThatThrownBy(() -> load("rules:\n" + one.replace("kind: kconfig", "kind: kconfig\n  archs: [vax]")))
                .hasMessageContaining("unknown architecture 'vax'");
        assertThatThrownBy(() -> load("rules:\n" + one.replace("title: t", "title: t\n  title: u")))
                .hasMessageContaining("Duplicate field 'title'");
        // YAML reads an unquoted 5.10 as the number 5.1: the rule must quote it, not silently become 5.1
        assertThatThrownBy(() -> load("rules:\n" + one.replace("title: t", "title: t\n  since: 5.10")))
                .hasMessageContaining("since").hasMessageContaining("quotes");
        assertThatThrownBy(() -> load("rules:\n" + one.replace("expect: [CONFIG_X=y]", "expect: CONFIG_X=y")))
                .hasMessageContaining("'expect' must be a list");
        assertThatThrownBy(() -> load("rules: {}\n")).hasMessageContaining("'rules' must be a list");
        assertThatThrownBy(() -> load("rulez: []\n")).hasMessageContaining("unknown field 'rulez'");
        assertThatThrownBy(() -> load("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> load("- just a list\n")).hasMessageContaining("expected a mapping");
    }

    @Test
    void load_readsEveryFieldOfARule() throws IOException {
        KernelRule r = load("rules:\n- id: a.b\n  kind: sysctl\n  category: attack-surface\n  severity: high\n"
                + "  title: t\n  expect: [kernel.x=1]\n  anyOf: [kernel.y=1, kernel.y=2]\n  orKconfig: [CONFIG_Z=y]\n"
                + "  archs: [arm64, x86_64]\n  since: \"5.10\"\n  until: \"6.9\"\n  default: 0\n"
                + "  rationale: \"  why  \"\n  source: [KSPP, KDOC]\n  remediation: fix\n").rules().get(0);
        assertThat(r.id()).isEqualTo("a.b");
        assertThat(r.kind()).isEqualTo(KernelRule.Kind.SYSCTL);
        assertThat(r.category()).isEqualTo(KernelRule.Category.ATTACK_SURFACE);
        assertThat(r.severity()).isEqualTo(dev.medsec.core.Severity.HIGH);
        assertThat(r.expect()).containsExactly("kernel.x=1");
        assertThat(r.anyOf()).containsExactly("kernel.y=1", "kernel.y=2");
        assertThat(r.orKconfig()).containsExactly("CONFIG_Z=y");
        assertThat(r.needs()).isEmpty();
        assertThat(r.archs()).containsExactly(Arch.of("arm64"), Arch.of("x86_64"));
        assertThat(r.since()).contains(KernelVersion.parse("5.10"));
        assertThat(r.until()).contains(KernelVersion.parse("6.9"));
        assertThat(r.defaultValue()).contains("0");
        assertThat(r.rationale()).isEqualTo("why");
        assertThat(r.source()).containsExactly("KSPP", "KDOC");
        assertThat(r.remediation()).isEqualTo("fix");
    }

    private static KernelRuleSet load(String yaml) throws IOException {
        return KernelRuleSet.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static RuleResult.Status status(String id, List<RuleResult> results) {
        return results.stream().filter(r -> r.rule().id().equals(id)).findFirst().orElseThrow().status();
    }
}
