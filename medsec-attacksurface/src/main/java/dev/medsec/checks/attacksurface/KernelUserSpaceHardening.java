package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.KernelRule;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;

/** Kernel config rules of the user-space category (kernel-rules.yaml); each finding carries its rule's severity. */
@CheckInfo(id = "attacksurface.kernel-userspace-hardening", principle = Principle.ATTACK_SURFACE, severity = Severity.MEDIUM,
        cwe = {693}, summary = "Kernel configuration lacks a recommended user-space protection",
        remediation = "Change the kernel configuration as the finding's rule says and rebuild the kernel; "
                + "a deliberate deviation goes in the device profile (kernel.accepted) with its justification.")
public final class KernelUserSpaceHardening extends KernelConfigRuleCheck {
    public KernelUserSpaceHardening() {
        super(KernelRule.Category.USER_SPACE);
    }
}
