package dev.medsec.core.check;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Metadata of a check, read by the registry, the report writers and the generated docs. Findings are built
 * pre-filled from it. An id never changes once released; a renamed check keeps its old id in {@link #altIds}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CheckInfo {
    /** Stable id, "area.kebab-name", e.g. "hardening.no-stack-canary". */
    String id();

    Principle principle();

    /** Default severity of its findings; a finding may raise or lower it with a reason in its evidence. */
    Severity severity();

    /** CWE numbers, most specific first. */
    int[] cwe();

    /** One line: what is wrong when this check fires. */
    String summary();

    /** What a developer does to fix it. */
    String remediation();

    /** Former ids, so waivers and dashboards keyed on them keep working. */
    String[] altIds() default {};

    /** What the triage does with its findings on the files of a SOUP component. */
    SoupTreatment soup() default SoupTreatment.ROLL_UP;

    /**
     * Platform protections (device profile {@code platform.enforces}: ibt, shadow-stack, bti, pac) without which
     * the finding is only info: a binary not marked for CET loses nothing on a CPU or kernel that does not
     * enforce CET. Empty: always at the check's severity.
     */
    String[] infoUnlessPlatformEnforces() default {};
}
