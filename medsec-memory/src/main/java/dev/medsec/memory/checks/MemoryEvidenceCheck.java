package dev.medsec.memory.checks;

import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;
import dev.medsec.evidence.EvidenceLoader;
import dev.medsec.evidence.EvidencePaths;
import dev.medsec.evidence.EvidenceSet;
import dev.medsec.memory.MemoryError;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.memory.MemoryErrors;
import dev.medsec.memory.MemoryFindingReporter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Base of the principle 5 checks: each reports the errors of its kinds found in the scan's Valgrind and sanitizer
 * evidence ({@code --evidence}); {@code medsec memcheck} reports through the same checks.
 */
public abstract class MemoryEvidenceCheck implements ImageCheck {
    private final Set<MemoryErrorKind> kinds;

    protected MemoryEvidenceCheck(Set<MemoryErrorKind> kinds) {
        this.kinds = Set.copyOf(EnumSet.copyOf(kinds));
    }

    public final boolean reports(MemoryErrorKind kind) {
        return kinds.contains(kind);
    }

    @Override
    public void inspect(Image image, Findings out) {
        EvidenceSet ev = EvidenceLoader.of(image);
        List<MemoryErrors.Located> mine = new ArrayList<>();
        for (EvidenceSet.Sourced<MemoryError> s : ev.memory()) {
            if (reports(s.item().kind())) {
                mine.add(new MemoryErrors.Located(
                        EvidencePaths.forProgram(image, s.item().program(), s.evidence()), s.item()));
            }
        }
        for (MemoryErrors.Located l : MemoryErrors.merge(mine)) {
            MemoryFindingReporter.report(l.error(), l.path(), out);
        }
        reportProblems(ev, out);
    }

    /** Overridden by the one check that reports unreadable evidence, so each problem is reported once. */
    protected void reportProblems(EvidenceSet ev, Findings out) {
    }
}
