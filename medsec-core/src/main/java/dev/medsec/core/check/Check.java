package dev.medsec.core.check;

/**
 * A check: one class, one question, metadata in {@link CheckInfo}. Implementations must be stateless (or
 * thread-safe): the engine calls them from several threads at once.
 */
public sealed interface Check permits FileCheck, ImageCheck, ContentCheck {
}
