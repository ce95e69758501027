package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Reads or writes inside a block that was already freed: Valgrind's invalid access inside a free'd block, ASan's heap-use-after-free. */
@CheckInfo(id = "memory.use-after-free", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.HIGH, cwe = {416, 825},
        summary = "Memory is accessed after it was freed (dangling pointer dereference)",
        remediation = "Set pointers to NULL when their block is freed and give each allocation one owner; the evidence holds the access, free and allocation stacks.")
public final class UseAfterFree extends MemoryEvidenceCheck {
    public UseAfterFree() {
        super(EnumSet.of(MemoryErrorKind.USE_AFTER_FREE));
    }
}
