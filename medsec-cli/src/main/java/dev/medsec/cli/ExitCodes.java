package dev.medsec.cli;

/** Exit codes are a promise to users' scripts: never change their meaning. */
public final class ExitCodes {
    /** Gate passed, or verified. */
    public static final int OK = 0;
    /** A finding at or above --fail-on, or not verified. */
    public static final int FAILED = 1;
    /** Bad command line, or an unreadable or unsupported target. */
    public static final int USAGE = 2;
    /** A defect in medsec itself (one line on standard error; --debug adds the stack trace). Never a verdict. */
    public static final int INTERNAL = 3;

    private ExitCodes() {
    }
}
