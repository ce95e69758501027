package dev.medsec.memory.checks;

import dev.medsec.memory.MemoryErrorKind;

import java.util.List;

/** The principle 5 checks, and which one reports each kind of memory error. */
public final class MemoryChecks {
    private MemoryChecks() {
    }

    public static List<MemoryEvidenceCheck> all() {
        return List.of(new DoubleFree(), new FishyArgument(), new InvalidFree(), new InvalidRead(),
                new InvalidWrite(), new MemoryLeak(), new OtherMemoryError(), new OverlappingCopy(),
                new StillReachable(), new UndefinedBehaviour(), new UninitialisedValue(), new UseAfterFree());
    }

    public static MemoryEvidenceCheck forKind(MemoryErrorKind kind) {
        for (MemoryEvidenceCheck c : all()) {
            if (c.reports(kind)) {
                return c;
            }
        }
        throw new IllegalStateException("no check reports " + kind);
    }
}
