package dev.medsec.cli;

import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.check.Check;

import java.util.List;

/**
 * Every built-in check, in one explicit list sorted by class name within each principle. Adding a check is
 * one line here plus its class and test. (ServiceLoader is kept for third-party plugins only.)
 */
public final class BuiltInChecks {
    private BuiltInChecks() {
    }

    public static List<Check> all() {
        return List.of(
                // Principle 1: hardware security
                new dev.medsec.evidence.checks.HardwareAnalyzerFinding(),

                // Principle 2: toolchain hardening
                new dev.medsec.evidence.checks.HardeningAnalyzerFinding(),

                // Principle 3: attack surface
                new dev.medsec.evidence.checks.AttackSurfaceAnalyzerFinding(),
                new dev.medsec.checks.attacksurface.ConsoleWithoutLogin(),
                new dev.medsec.checks.attacksurface.InsecureService(),
                new dev.medsec.checks.attacksurface.InterfaceInventory(),
                new dev.medsec.checks.attacksurface.KernelAttackSurface(),
                new dev.medsec.checks.attacksurface.KernelCommandLineHardening(),
                new dev.medsec.checks.attacksurface.KernelSelfProtection(),
                new dev.medsec.checks.attacksurface.KernelUserSpaceHardening(),
                new dev.medsec.checks.attacksurface.ServiceInventoryReport(),
                new dev.medsec.checks.attacksurface.SetuidInventory(),
                new dev.medsec.checks.attacksurface.SysctlHardening(),
                new dev.medsec.checks.attacksurface.UnneededInterface(),
                new dev.medsec.checks.attacksurface.WorldWritableDirectory(),
                new dev.medsec.checks.attacksurface.WorldWritableFile(),

                // Principle 4: untrusted input
                new dev.medsec.evidence.checks.FuzzCrash(),
                new dev.medsec.evidence.checks.FuzzHang(),
                new dev.medsec.evidence.checks.FuzzingMissing(),
                new dev.medsec.evidence.checks.InputAnalyzerFinding(),

                // Principle 5: memory management
                new dev.medsec.memory.checks.DoubleFree(),
                new dev.medsec.memory.checks.FishyArgument(),
                new dev.medsec.memory.checks.InvalidFree(),
                new dev.medsec.memory.checks.InvalidRead(),
                new dev.medsec.memory.checks.InvalidWrite(),
                new dev.medsec.memory.checks.MemoryLeak(),
                new dev.medsec.memory.checks.OtherMemoryError(),
                new dev.medsec.memory.checks.OverlappingCopy(),
                new dev.medsec.memory.checks.StillReachable(),
                new dev.medsec.memory.checks.UndefinedBehaviour(),
                new dev.medsec.memory.checks.UninitialisedValue(),
                new dev.medsec.memory.checks.UseAfterFree(),
                new dev.medsec.evidence.checks.MemoryAnalyzerFinding(),

                // Principle 6: sensitive data
                new dev.medsec.evidence.checks.SensitiveDataAnalyzerFinding(),

                // Principle 7: strong cryptography
                new dev.medsec.evidence.checks.CryptoAnalyzerFinding()
        );
    }

    /** Component catalogers, run before the checks. */
    public static List<Cataloger> catalogers() {
        return List.of(
        );
    }
}
