package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.KernelRule;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;

/** Kernel config rules of the self-protection category (kernel-rules.yaml); each finding carries its rule's severity. */
@CheckInfo(id = "attacksurface.kernel-self-protection", principle = Principle.ATTACK_SURFACE, severity = Severity.HIGH,
        cwe = {693}, summary = "Kernel configuration lacks a recommended self-protection setting",
        remediation = "Change the kernel configuration as the finding's rule says and rebuild the kernel; "
                + "a deliberate deviation goes in the device profile (kernel.accepted) with its justification.")
public final class KernelSelfProtection extends KernelConfigRuleCheck {
    public KernelSelfProtection() {
        super(KernelRule.Category.SELF_PROTECTION);
    }

    /** Also writes the report's "kernelConfig" section: every configuration found and every rule's status. */
    @Override
    boolean writesSection() {
        return true;
    }
}
