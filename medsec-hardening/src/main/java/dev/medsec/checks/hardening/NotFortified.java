package dev.medsec.checks.hardening;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.List;

/**
 * Judges the _FORTIFY_SOURCE evidence of {@link FortifyUse}: the checked variants (__memcpy_chk ...) the file
 * calls versus the fortifiable plain functions it calls. Reported when the file calls fortifiable functions and
 * not one checked variant: the compiler leaves plain calls where it cannot know a buffer size, so plain calls
 * beside checked ones are normal.
 * Dynamic files are judged by their imports; static files by the checked variants linked in (.symtab).
 */
@CheckInfo(id = "hardening.no-fortify", soup = SoupTreatment.ROLL_UP_AT_MOST_LOW, principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
        cwe = {120, 693},
        summary = "Not built with _FORTIFY_SOURCE: libc calls are not bounds-checked",
        remediation = "Compile with -O2 -D_FORTIFY_SOURCE=2 (or 3 with GCC 12+/clang); it has no effect at -O0.")
public final class NotFortified extends LinkedElfCheck {
    @Override
    protected void inspect(LinkedElf linked, Artifact artifact, Findings out) throws IOException {
        try {
            FortifyUse use = artifact.view(FortifyUse.VIEW);
            if (use.state() == FortifyUse.State.NOT_FORTIFIED) {
                out.at(artifact)
                        .message("Not fortified: calls " + use.plain().size() + " fortifiable libc function(s) and no "
                                + "checked variant"
                                + (use.libcLinkedIn() ? " (static: judged by the functions linked in)" : ""))
                        .evidence("fortified", 0)
                        .evidence("fortifiable", use.plain().size())
                        .evidence("unfortifiedCalls", List.copyOf(use.plain()))
                        .evidence("linkage", linked.linkage().label())
                        .report();
            }
        } catch (IOException e) {
            LinkedElf.unreadable(out, artifact, e);
        }
    }
}
