package dev.medsec.checks.attacksurface;

import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.testkit.CheckTester;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class CmdlineAndSysctlChecksTest {
    @TempDir
    Path tmp;

    /** A kernel config with every default the command-line rules accept instead of a parameter. */
    private static final String GOOD_CONFIG = String.join("\n", "# Linux/arm64 6.1.0 Kernel Configuration",
            "CONFIG_ARM64=y", "CONFIG_MODULES=y", "CONFIG_MODULE_SIG_FORCE=y", "CONFIG_INIT_ON_ALLOC_DEFAULT_ON=y",
            "CONFIG_INIT_ON_FREE_DEFAULT_ON=y", "# CONFIG_SLAB_MERGE_DEFAULT is not set",
            "CONFIG_RANDOMIZE_KSTACK_OFFSET_DEFAULT=y", "CONFIG_IOMMU_DEFAULT_DMA_STRICT=y",
            "CONFIG_SECURITY_LOCKDOWN_LSM=y", "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY=y",
            "# CONFIG_DEBUG_FS is not set", "CONFIG_PANIC_ON_OOPS=y", "# CONFIG_SHUFFLE_PAGE_ALLOCATOR is not set",
            "CONFIG_SECURITY_DMESG_RESTRICT=y", "CONFIG_BPF_SYSCALL=y", "CONFIG_BPF_UNPRIV_DEFAULT_OFF=y",
            "# CONFIG_BPF_JIT is not set", "# CONFIG_USERFAULTFD is not set", "CONFIG_SECURITY_YAMA=y",
            "# CONFIG_LDISC_AUTOLOAD is not set", "# CONFIG_MAGIC_SYSRQ is not set", "# CONFIG_KEXEC_CORE is not set",
            "# CONFIG_PERF_EVENTS is not set", "");

    private static Predicate<Finding> rule(String id) {
        return f -> id.equals(f.evidence().get("rule"));
    }

    @Test
    void cmdline_ubootEnvWithWeakeningParameters_reportedPerRule() throws Exception {
        Tools.require("mkenvimage");
        Files.writeString(tmp.resolve("env.txt"), "bootargs=console=ttyS0 root=/dev/mmcblk0p2 nokaslr init=/bin/sh\n");
        Tools.sh(tmp, "mkenvimage -s 0x4000 -o uboot.env env.txt");
        CheckTester.of(new KernelCommandLineHardening(), tmp)
                .text("/boot/config-6.1.0", GOOD_CONFIG)
                .file("/boot/uboot.env", tmp.resolve("uboot.env"))
                .expect("/boot/uboot.env", rule("kspp.cmdline.no-nokaslr").and(f -> f.severity() == Severity.HIGH))
                .expect("/boot/uboot.env", rule("medsec.cmdline.init-not-shell")
                        .and(f -> f.severity() == Severity.CRITICAL))
                .run();
    }

    @Test
    void cmdline_goodBootargsAndConfigDefaults_noFindings() throws Exception {
        CheckTester.of(new KernelCommandLineHardening(), tmp)
                .text("/boot/config-6.1.0", GOOD_CONFIG)
                .text("/boot/extlinux/extlinux.conf", "LABEL prod\n  KERNEL /Image\n  APPEND root=/dev/mmcblk0p2 ro\n")
                .run();
    }

    @Test
    void cmdline_withoutKernelConfig_parametersThemselvesAreRequired() {
        CheckTester.Result r = CheckTester.of(new KernelCommandLineHardening(), tmp)
                .text("/boot/extlinux/extlinux.conf", "LABEL prod\n  APPEND root=/dev/mmcblk0p2 init_on_alloc=1\n")
                .runUnchecked();
        assertThat(r.findings()).anyMatch(rule("kspp.cmdline.slab-nomerge"));
        assertThat(r.findings()).noneMatch(rule("kspp.cmdline.init-on-alloc"));
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.evidence().get("where")).isEqualTo("label prod"));
    }

    @Test
    void sysctl_filesOverrideInSystemdOrder() {
        CheckTester.Result r = CheckTester.of(new SysctlHardening(), tmp)
                .text("/boot/config-6.1.0", GOOD_CONFIG)
                .text("/etc/os-release", "ID=pumpos\n")
                .text("/usr/lib/sysctl.d/50-default.conf", "kernel.kptr_restrict = 0\nfs.protected_symlinks=1\n"
                        + "fs.protected_hardlinks = 1\nfs.protected_fifos = 2\nfs.protected_regular = 2\n")
                // Same name in /etc hides the vendor file entirely.
                .text("/etc/sysctl.d/50-default.conf", "fs.protected_symlinks=1\nfs.protected_hardlinks=1\n"
                        + "fs.protected_fifos=2\nfs.protected_regular=2\n")
                .text("/etc/sysctl.d/90-device.conf", "kernel.kptr_restrict=2\nkernel.randomize_va_space = 0\n")
                .runUnchecked();
        assertThat(r.findings()).extracting(f -> (String) f.evidence().get("rule"))
                .containsExactly("kspp.sysctl.randomize-va-space");
        assertThat(r.findings().get(0).path()).isEqualTo("/etc/sysctl.d/90-device.conf");
        assertThat(r.findings().get(0).evidence().get("where")).isEqualTo("kernel.randomize_va_space (line 2)");
    }

    @Test
    void sysctl_nothingSet_defaultsJudgedAgainstConfig() {
        CheckTester.of(new SysctlHardening(), tmp)
                .text("/boot/config-6.1.0", GOOD_CONFIG)
                .text("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
                .expect("/etc/sysctl.conf", rule("kspp.sysctl.kptr-restrict"))
                .expect("/etc/sysctl.conf", rule("kspp.sysctl.protected-symlinks"))
                .expect("/etc/sysctl.conf", rule("kspp.sysctl.protected-hardlinks"))
                .expect("/etc/sysctl.conf", rule("kspp.sysctl.protected-fifos"))
                .expect("/etc/sysctl.conf", rule("kspp.sysctl.protected-regular"))
                .run();
    }

    @Test
    void sysctl_noRootFilesystem_noFindings() {
        CheckTester.of(new SysctlHardening(), tmp).text("/boot/config-6.1.0", GOOD_CONFIG).run();
    }

    /** A .deb in the apt cache holds a default sysctl.conf in its data tree: an install payload, not the device. */
    @Test
    void sysctl_packagePayloadInTheImage_isNoRootFilesystem() throws Exception {
        java.nio.file.Path conf = tmp.resolve("sysctl.conf");
        java.nio.file.Files.writeString(conf, "#kernel.kptr_restrict=1\n");
        CheckTester.of(new SysctlHardening(), tmp)
                .text("/boot/config-6.1.0", GOOD_CONFIG)
                .artifact(dev.medsec.core.image.Artifact.ofFile(
                        "/var/cache/apt/archives/procps_4.0.2-3_amd64.deb!/data.tar.xz", "/etc/sysctl.conf",
                        dev.medsec.core.image.FileMeta.of(dev.medsec.core.image.EntryKind.FILE, 0644, 0, 0), conf))
                .run();
    }
}
