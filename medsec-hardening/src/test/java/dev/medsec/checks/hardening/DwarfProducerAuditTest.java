package dev.medsec.checks.hardening;

import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

class DwarfProducerAuditTest {
    @TempDir
    Path dir;

    private static final String HARDENED = "-g -fstack-protector-strong -fstack-clash-protection ";

    @Test
    void inspect_x86Hardened_notReported() {
        CheckTester.of(new DwarfProducerAudit(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.X86, "app", HARDENED + "-fcf-protection=full"))
                .run();
    }

    @Test
    void inspect_x86Unhardened_oneFindingPerMissingGroup() {
        CheckTester.of(new DwarfProducerAudit(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.X86, "app", "-g -fno-stack-protector -fcf-protection=none"))
                .expect("/usr/bin/app", f -> f.evidence().get("flag").toString().startsWith("-fstack-protector")
                        && f.evidence().get("files").equals(List.of("app.c")))
                .expect("/usr/bin/app", f -> f.evidence().get("flag").equals("-fstack-clash-protection"))
                .expect("/usr/bin/app", f -> f.evidence().get("flag").toString().startsWith("-fcf-protection"))
                .run();
    }

    @Test
    void inspect_aarch64WithoutBranchProtection_controlFlowReported() {
        CheckTester.of(new DwarfProducerAudit(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.AARCH64, "app", HARDENED))
                .expect("/usr/bin/app", f -> f.evidence().get("flag").toString().contains("-mbranch-protection"))
                .run();
    }

    @Test
    void inspect_aarch64WithBranchProtection_notReported() {
        CheckTester.of(new DwarfProducerAudit(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.AARCH64, "app", HARDENED + "-mbranch-protection=standard"))
                .run();
    }

    @Test
    void inspect_mipsProtectorOverriddenLater_reported() {
        CheckTester.of(new DwarfProducerAudit(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.MIPS, "app",
                        "-g -fstack-clash-protection -fstack-protector-strong -fno-stack-protector"))
                .expect("/usr/bin/app", f -> f.evidence().get("flag").toString().startsWith("-fstack-protector"))
                .run();
    }

    @Test
    void inspect_noDebugInfo_notReported() {
        CheckTester.of(new DwarfProducerAudit(), dir)
                .file("/usr/bin/app", Gcc.app(dir, Gcc.X86, "app", "-fno-stack-protector"))
                .run();
    }
}
