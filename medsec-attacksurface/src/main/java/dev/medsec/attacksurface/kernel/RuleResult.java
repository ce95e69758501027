package dev.medsec.attacksurface.kernel;

import java.util.List;

/**
 * The outcome of one rule on one kernel configuration (or command line, or sysctl set).
 *
 * @param observed the lines or settings the rule looked at, as found ("CONFIG_X=y", "CONFIG_Y absent")
 * @param detail   why, in one sentence (which parent is off, which version range the option has)
 */
public record RuleResult(KernelRule rule, Status status, String detail, List<String> observed) {
    public enum Status {
        /** The configuration follows the rule. */
        PASS,
        /** It does not. */
        FAIL,
        /** The rule protects a feature that is not built (its parent option is off): nothing to protect. */
        PARENT_OFF,
        /** The rule's option does not exist for this architecture or kernel version. */
        NOT_APPLICABLE,
        /** The device profile accepts the deviation, with a justification. */
        ACCEPTED
    }

    public RuleResult {
        observed = List.copyOf(observed);
    }
}
