package dev.medsec.memory.checks;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.memory.MemoryErrorKind;

import java.util.EnumSet;

/** Reports of UndefinedBehaviorSanitizer (-fsanitize=undefined), classified by the UBSan check that fired. */
@CheckInfo(id = "memory.undefined-behaviour", soup = SoupTreatment.KEEP, principle = Principle.MEMORY_MANAGEMENT, severity = Severity.MEDIUM, cwe = {758},
        summary = "The program executes undefined behaviour (overflow, bad shift, misaligned or null access)",
        remediation = "Fix the operation UBSan names at the given line: widen or check arithmetic, bound shift counts, check pointers before use.")
public final class UndefinedBehaviour extends MemoryEvidenceCheck {
    public UndefinedBehaviour() {
        super(EnumSet.of(MemoryErrorKind.UNDEFINED_BEHAVIOUR));
    }
}
