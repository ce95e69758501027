package dev.medsec.checks.hardening;

/** A hardening flag (or one of its equivalents) a build should pass; one finding per file and missing group. */
enum FlagGroup {
    WARNINGS_ALL("-Wall", "Enable -Wall (warnings point at the bugs hardening only mitigates)."),
    WARNINGS_AS_ERRORS("-Werror", "Add -Werror so that a new warning fails the build."),
    STACK_PROTECTOR("-fstack-protector-strong or -fstack-protector-all", "Add -fstack-protector-strong."),
    FORTIFY("-D_FORTIFY_SOURCE=2 or =3 with -O1 or higher",
            "Add -O2 -D_FORTIFY_SOURCE=2 (or =3); fortification needs optimisation to work."),
    PIE_PIC("-fPIE or -fPIC", "Add -fPIE for executables and -fPIC for libraries (explicitly, so the result "
            + "does not depend on the toolchain's defaults)."),
    STACK_CLASH("-fstack-clash-protection", "Add -fstack-clash-protection."),
    CONTROL_FLOW("-fcf-protection (x86) / -mbranch-protection (AArch64)",
            "Add -fcf-protection=full on x86 or -mbranch-protection=standard on AArch64."),
    LINK_RELRO_NOW("-Wl,-z,relro -Wl,-z,now", "Link with -Wl,-z,relro,-z,now.");

    private final String expected;
    private final String remediation;

    FlagGroup(String expected, String remediation) {
        this.expected = expected;
        this.remediation = remediation;
    }

    String expected() {
        return expected;
    }

    String remediation() {
        return remediation;
    }

    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
