package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.kernel.KernelRule;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;

/** Kernel config rules of the attack-surface category (kernel-rules.yaml); each finding carries its rule's severity. */
@CheckInfo(id = "attacksurface.kernel-attack-surface", principle = Principle.ATTACK_SURFACE, severity = Severity.MEDIUM,
        cwe = {1188}, summary = "Kernel configuration enables a feature that widens the attack surface",
        remediation = "Change the kernel configuration as the finding's rule says and rebuild the kernel; "
                + "a deliberate deviation goes in the device profile (kernel.accepted) with its justification.")
public final class KernelAttackSurface extends KernelConfigRuleCheck {
    public KernelAttackSurface() {
        super(KernelRule.Category.ATTACK_SURFACE);
    }
}
