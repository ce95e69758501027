package dev.medsec.checks.secureboot;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.formats.uefi.Guids;
import dev.medsec.formats.uefi.VariableStore;

import java.util.Optional;

/**
 * A UEFI variable store without a platform key (PK absent or empty): the firmware boots in setup mode, where
 * secure boot is off and anyone with access to the running system may enroll their own keys.
 */
@CheckInfo(id = "secureboot.uefi-setup-mode", principle = Principle.HARDWARE_SECURITY, severity = Severity.CRITICAL,
        cwe = {1326, 1188}, summary = "UEFI variable store has no platform key: secure boot is in setup mode",
        remediation = "Ship the firmware with the device's PK, KEK, db and dbx enrolled (authenticated variables written"
                + " at manufacturing, or defaults built into the firmware) so that it leaves the factory in user mode.")
public final class UefiSetupMode extends UefiVariableStoreCheck {
    @Override
    protected boolean reportsParseFailure() {
        return true;
    }

    @Override
    protected void inspect(VariableStore store, Artifact a, Findings out) {
        Optional<VariableStore.Variable> pk = store.find(Guids.GLOBAL_VARIABLE, "PK");
        if (pk.isPresent() && pk.get().data().remaining() > 0) {
            return;
        }
        boolean kek = store.find(Guids.GLOBAL_VARIABLE, "KEK").isPresent();
        boolean db = store.find(Guids.IMAGE_SECURITY_DATABASE, "db").isPresent();
        boolean dbx = store.find(Guids.IMAGE_SECURITY_DATABASE, "dbx").isPresent();
        out.at(a).message("UEFI variable store has no platform key: the firmware starts in setup mode with secure boot off")
                .evidence("variables", store.variables().size()).evidence("PK", pk.isPresent() ? "empty" : "absent")
                .evidence("KEK", kek ? "present" : "absent").evidence("db", db ? "present" : "absent")
                .evidence("dbx", dbx ? "present" : "absent").key("PK").report();
    }
}
