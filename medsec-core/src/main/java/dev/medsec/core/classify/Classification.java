package dev.medsec.core.classify;

import java.util.Objects;

/**
 * @param detail human-readable specifics, e.g. "ELF64 LSB x86-64 DYN"; empty when there is nothing to add
 */
public record Classification(FileType type, String detail) {
    public Classification {
        Objects.requireNonNull(type);
        Objects.requireNonNull(detail);
    }

    public static Classification of(FileType type) {
        return new Classification(type, "");
    }
}
