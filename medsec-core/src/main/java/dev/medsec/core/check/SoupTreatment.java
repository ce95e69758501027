package dev.medsec.core.check;

/**
 * What the scan's triage does with a check's findings on the files of a third-party component (SOUP). The device
 * maker fixes their own code but assesses SOUP as a whole (upgrade, rebuild or accept with a justification), so a
 * thousand findings about how a distribution built its packages become one decision per component.
 */
public enum SoupTreatment {
    /** One finding per (component, check), at the highest severity of the files it rolls up. */
    ROLL_UP,
    /**
     * Rolled up, and at most low: a property of how the supplier built the component (RELRO, FORTIFY, stack
     * protector, CET, BTI) or which libc functions it calls — the maker rebuilds or accepts it, and the
     * component's own maintainers have assessed it.
     */
    ROLL_UP_AT_MOST_LOW,
    /**
     * A judgement about the device maker's own code (home-made cryptography): an info note in SOUP, and no
     * finding at all on a component that is itself a cryptographic library or a checksum tool, whose whole
     * purpose is to implement those primitives.
     */
    OWN_CODE_ONLY,
    /** Already one finding per component or per image (a known vulnerability, end of support): kept as is. */
    KEEP
}
