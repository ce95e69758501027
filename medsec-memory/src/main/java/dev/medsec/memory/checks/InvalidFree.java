package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** free() of a pointer the heap never returned, or a deallocator that does not match the allocator. */
@CheckInfo(id = "memory.invalid-free", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {590, 762, 763},
        summary = "Memory is released that was not allocated on the heap, or with the wrong deallocator",
        remediation = "Free only pointers returned by the matching allocator (malloc/free, new/delete, new[]/delete[]), never stack, static or interior pointers.")
public final class InvalidFree extends MemoryEvidenceCheck {
    public InvalidFree() {
        super(EnumSet.of(MemoryErrorKind.INVALID_FREE, MemoryErrorKind.MISMATCHED_FREE));
    }
}
