package dev.medsec.core.check;

/**
 * A check: one class, one question, metadata in {@link CheckInfo}. Implementations must be stateless (or
 * thread-safe): the engine calls them from several threads at once.
 */
public sealed interface Check permits FileCheck, ImageCheck, ContentCheck {
    /**
     * Loads what the check will need whatever the image (its built-in rule tables), so that a caller with a
     * spare core can do it before the scan starts. Optional: a check that is not prepared loads them on first
     * use. Must be safe to call more than once and from any thread.
     */
    default void prepare() {
    }
}
