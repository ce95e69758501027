package dev.medsec.checks.secureboot;

import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ParsedFileCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.ViewKey;
import dev.medsec.formats.uefi.VariableStore;

import java.io.IOException;
import java.util.Optional;

/**
 * A check of a UEFI variable store (an NVRAM volume the unpack stage found in a firmware image, or an
 * OVMF_VARS-style file): skipped cheaply unless the file opens with a store signature.
 */
abstract class UefiVariableStoreCheck extends ParsedFileCheck<VariableStore> {
    static final ViewKey<VariableStore> VIEW = ViewKey.of("uefi-variable-store", a -> VariableStore.parse(a.bytes()));
    private static final long MAX_STORE = 64L << 20;

    @Override
    public final boolean appliesTo(Artifact a) {
        if (a.type() != FileType.OTHER || a.size() < 28 || a.size() > MAX_STORE) {
            return false;
        }
        try {
            return VariableStore.hasHeader(a.bytes());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A store that opens with the signature but does not parse is an error entry, reported once (by the check
     * that says so here): its keys were not checked, and that must not look like "no finding".
     */
    protected boolean reportsParseFailure() {
        return false;
    }

    @Override
    protected final Optional<VariableStore> parse(Artifact a, Findings out) {
        try {
            return Optional.of(a.view(VIEW));
        } catch (IOException e) {
            if (reportsParseFailure()) {
                out.error(a.path(), "UEFI variable store not checked: " + e.getMessage());
            }
            return Optional.empty();
        }
    }
}
