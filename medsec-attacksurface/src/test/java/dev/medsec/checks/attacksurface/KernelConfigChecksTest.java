package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.DebianKernelConfigs;
import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class KernelConfigChecksTest {
    @TempDir
    Path tmp;

    private static final String HARDENED_ARM64 = String.join("\n",
            "# Linux/arm64 6.1.0 Kernel Configuration",
            "CONFIG_ARM64=y",
            "CONFIG_MODULES=y",
            "# CONFIG_DEVMEM is not set",
            "CONFIG_BT=y",
            "");

    private static Set<String> rules(List<Finding> fs) {
        return fs.stream().map(f -> (String) f.evidence().get("rule")).collect(Collectors.toSet());
    }

    @Test
    void selfProtection_debianAmd64Config_reportsKnownGapsNotKnownStrengths() {
        CheckTester.Result r = CheckTester.of(new KernelSelfProtection(), tmp)
                .file("/boot/config-6.1.0-amd64", DebianKernelConfigs.config(DebianKernelConfigs.Flavour.AMD64))
                .runUnchecked();
        Set<String> failed = rules(r.findings());
        // Debian 6.1 amd64 does not enforce module signatures nor lockdown by config (it relies on shim/UEFI).
        assertThat(failed).contains("kspp.kconfig.module-sig", "kspp.kconfig.lockdown",
                "kspp.kconfig.slab-merge-default-off", "kspp.kconfig.init-on-free");
        // ...and it does have these.
        assertThat(failed).doesNotContain("kspp.kconfig.stackprotector", "kspp.kconfig.strict-kernel-rwx",
                "kspp.kconfig.x86.randomize-base", "kspp.kconfig.hardened-usercopy", "kspp.kconfig.vmap-stack");
        // Options that do not exist in 6.1 are never failures.
        assertThat(failed).doesNotContain("kspp.kconfig.list-hardened", "kspp.kconfig.legacy-tiocsti-off",
                "kspp.kconfig.x86.mitigation-page-table-isolation", "kspp.kconfig.hardened-usercopy-pagespan-off");
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.path()).isEqualTo("/boot/config-6.1.0-amd64"));
        assertThat(r.sections()).containsKey("kernelConfig");
        assertThat(r.errors()).isEmpty();
    }

    @Test
    void attackSurface_debianArm64AndArmmp_archSpecificRules() {
        CheckTester.Result arm64 = CheckTester.of(new KernelAttackSurface(), tmp)
                .file("/boot/config-arm64", DebianKernelConfigs.config(DebianKernelConfigs.Flavour.ARM64))
                .runUnchecked();
        assertThat(rules(arm64.findings())).contains("kspp.kconfig.devmem-off", "kspp.kconfig.arm64-compat-off")
                .doesNotContain("kspp.kconfig.modify-ldt-off", "kspp.kconfig.ia32-emulation-off");
        CheckTester.Result armmp = CheckTester.of(new KernelSelfProtection(), tmp)
                .file("/boot/config-armmp", DebianKernelConfigs.config(DebianKernelConfigs.Flavour.ARMMP))
                .runUnchecked();
        assertThat(rules(armmp.findings())).contains("kspp.kconfig.default-mmap-min-addr-arm")
                .doesNotContain("kspp.kconfig.x86.randomize-base", "kspp.kconfig.arm64.unmap-kernel-at-el0",
                        "kspp.kconfig.default-mmap-min-addr");
    }

    @Test
    void attackSurface_handWrittenConfig_exactFindings() {
        CheckTester.of(new KernelAttackSurface(), tmp)
                .text("/boot/config-6.1.0", HARDENED_ARM64 + allOff())
                .expect("/boot/config-6.1.0", f -> "kspp.kconfig.arm64-compat-off".equals(f.evidence().get("rule"))
                        && f.severity() == Severity.LOW)
                .run();
    }

    @Test
    void profileAcceptance_turnsFailureIntoInfo() throws Exception {
        Path profile = tmp.resolve("device.yaml");
        Files.writeString(profile, "kernel:\n  accepted:\n    - rule: kspp.kconfig.arm64-compat-off\n"
                + "      justification: a 32-bit vendor library\n");
        CheckTester.of(new KernelAttackSurface(), tmp)
                .settings(ScanSettings.defaults().withProfile(profile))
                .text("/boot/config-6.1.0", HARDENED_ARM64 + allOff())
                .expect("/boot/config-6.1.0", f -> f.severity() == Severity.INFO
                        && "accepted".equals(f.evidence().get("status")))
                .run();
    }

    @Test
    void userSpace_noConfigInImage_noFindings() {
        CheckTester.of(new KernelUserSpaceHardening(), tmp).text("/etc/hostname", "pump\n").run();
    }

    @Test
    void selfProtection_sameConfigTwice_reportedOnceWithAlsoAt() throws Exception {
        Tools.require("gzip");
        Path cfg = DebianKernelConfigs.config(DebianKernelConfigs.Flavour.ARM64);
        Path gz = tmp.resolve("config.gz");
        Tools.sh(tmp, "gzip -c " + cfg + " > " + gz);
        CheckTester.Result r = CheckTester.of(new KernelSelfProtection(), tmp)
                .file("/boot/config-6.1.0-arm64", cfg)
                .file("/proc/config.gz", gz)
                .runUnchecked();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.path()).isEqualTo("/boot/config-6.1.0-arm64"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> section = (List<Map<String, Object>>) r.sections().get("kernelConfig");
        assertThat(section).hasSize(1);
        assertThat(section.get(0).get("alsoAt")).isEqualTo(List.of("/proc/config.gz"));
    }

    /** Every attack-surface option of the rule set switched off, so only the arm64 COMPAT rule remains. */
    private static String allOff() {
        return String.join("\n", "# CONFIG_DEVPORT is not set", "# CONFIG_PROC_KCORE is not set",
                "# CONFIG_KEXEC is not set", "# CONFIG_HIBERNATION is not set", "# CONFIG_BINFMT_MISC is not set",
                "# CONFIG_LEGACY_PTYS is not set", "# CONFIG_LDISC_AUTOLOAD is not set",
                "# CONFIG_INET_DIAG is not set", "# CONFIG_USELIB is not set", "CONFIG_COMPAT=y",
                "# CONFIG_ACPI_TABLE_UPGRADE is not set", "# CONFIG_DEBUG_FS is not set",
                "# CONFIG_USERFAULTFD is not set", "# CONFIG_MAGIC_SYSRQ is not set", "# CONFIG_KPROBES is not set",
                "# CONFIG_FTRACE is not set", "# CONFIG_IO_URING is not set", "# CONFIG_STAGING is not set",
                "# CONFIG_USER_NS is not set", "CONFIG_TRIM_UNUSED_KSYMS=y",
                "# CONFIG_NOTIFIER_ERROR_INJECTION is not set", "# CONFIG_ACPI_CUSTOM_METHOD is not set",
                "# CONFIG_PTDUMP_DEBUGFS is not set", "# CONFIG_DRM_LEGACY is not set", "");
    }
}
