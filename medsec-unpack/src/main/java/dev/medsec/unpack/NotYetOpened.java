package dev.medsec.unpack;

import dev.medsec.core.classify.FileType;

/**
 * Formats recognised by their headers that this version does not open, each with what the user can do. They are
 * accounted as not reached in the coverage account and named in {@code errors}: never skipped in silence.
 */
final class NotYetOpened {
    private NotYetOpened() {
    }

    static String reason(FileType type) {
        return switch (type) {
            case UEFI_FV -> "no UEFI firmware-volume reader in this version; extract the modules with uefiextract and scan them";
            default -> "no reader for " + type.label();
        };
    }
}
