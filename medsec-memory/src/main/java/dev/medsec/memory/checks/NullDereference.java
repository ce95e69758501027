package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/**
 * An access through a NULL (or nearly NULL) pointer: Valgrind's invalid access to an address in the zero page,
 * ASan's SEGV on an unknown address in the zero page. On a device without an MMU-protected zero page the same
 * bug silently corrupts memory.
 */
@CheckInfo(id = "memory.null-dereference", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.HIGH,
        cwe = {476},
        summary = "The program dereferences a NULL pointer",
        remediation = "Check the result of every allocation and lookup before use, and make the failing path"
                + " explicit; the evidence gives the stack of the access.")
public final class NullDereference extends MemoryEvidenceCheck {
    public NullDereference() {
        super(EnumSet.of(MemoryErrorKind.NULL_DEREFERENCE));
    }
}
