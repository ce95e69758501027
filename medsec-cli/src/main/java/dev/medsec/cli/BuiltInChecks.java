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
                new dev.medsec.checks.secureboot.ChainOfTrust(),
                new dev.medsec.checks.secureboot.ControlDtbKeyNotRequired(),
                new dev.medsec.checks.secureboot.FitMixAndMatch(),
                new dev.medsec.checks.secureboot.FitSignatureInvalid(),
                new dev.medsec.checks.secureboot.FitUnsigned(),
                new dev.medsec.checks.secureboot.FitWeakAlgorithm(),
                new dev.medsec.checks.secureboot.HardwareSecurityInventory(),
                new dev.medsec.checks.secureboot.KernelNoDmVerity(),
                new dev.medsec.checks.secureboot.KernelNoIma(),
                new dev.medsec.checks.secureboot.UBootEnvOpenConsole(),
                new dev.medsec.checks.secureboot.UBootEnvVerifyDisabled(),

                // Principle 2: toolchain hardening

                // Principle 3: attack surface
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
                new dev.medsec.checks.attacksurface.WorldWritableFile()

                // Principle 4: untrusted input

                // Principle 5: memory management

                // Principle 6: sensitive data

                // Principle 7: strong cryptography
        );
    }

    /** Component catalogers, run before the checks. */
    public static List<Cataloger> catalogers() {
        return List.of(
        );
    }
}
