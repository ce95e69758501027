package dev.medsec.checks.attacksurface;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;

/**
 * A world-writable directory without the sticky bit: any user can delete or replace any other user's files in
 * it. Under a system directory this is high (binaries or configuration can be swapped).
 */
@CheckInfo(id = "attacksurface.world-writable-dir", principle = Principle.ATTACK_SURFACE,
        severity = Severity.MEDIUM, cwe = {732, 379},
        summary = "A world-writable directory lacks the sticky bit",
        remediation = "Set the sticky bit (chmod +t) on shared directories such as /tmp, or remove the write "
                + "permission for others.")
public final class WorldWritableDirectory implements FileCheck {
    @Override
    public boolean appliesTo(Artifact a) {
        return a.kind() == EntryKind.DIRECTORY && a.meta().isWorldWritable() && !a.meta().isSticky();
    }

    @Override
    public void inspect(Artifact a, Findings out) {
        String p = a.innerPath() + "/";
        boolean system = WorldWritableFile.SYSTEM_DIRS.stream().anyMatch(p::startsWith);
        out.at(a)
                .message("directory " + a.innerPath() + " is world-writable without the sticky bit (mode "
                        + a.meta().modeOctal() + ")")
                .evidence("mode", a.meta().modeOctal())
                .severity(system ? Severity.HIGH : Severity.MEDIUM)
                .report();
    }
}
