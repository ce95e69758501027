package dev.medsec.core;

/** Unwrapping the cause of a task that failed on another thread (a fork-join or future task). */
public final class Unchecked {
    private Unchecked() {
    }

    /**
     * Rethrows {@code cause} unchanged when it is unchecked (a runtime exception or an error keeps its type and
     * stack); returns for a checked one, which the caller wraps as its own contract says.
     */
    public static void rethrowIfUnchecked(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
    }
}
