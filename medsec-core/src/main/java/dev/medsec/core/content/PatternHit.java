package dev.medsec.core.content;

/**
 * @param offset offset of the first byte of the match in the file
 */
public record PatternHit(String patternId, long offset, int length) {
}
