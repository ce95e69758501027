package dev.medsec.checks.attacksurface;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;

/**
 * Every setuid and setgid file, from the mode bits the image declares (archive headers, inodes). Each is a
 * privilege boundary: an inventory the maker reviews and keeps minimal. A setuid script is worse (interpreters
 * ignore the bit or run it racily) and is reported as medium.
 */
@CheckInfo(id = "attacksurface.setuid-inventory", principle = Principle.ATTACK_SURFACE, severity = Severity.INFO,
        cwe = {250}, summary = "A setuid or setgid file (privilege boundary inventory)",
        remediation = "Remove the setuid/setgid bit unless the program needs it; prefer file capabilities or a "
                + "privileged service with a narrow interface.")
public final class SetuidInventory implements FileCheck {
    @Override
    public boolean appliesTo(Artifact a) {
        return (a.kind() == EntryKind.FILE || a.kind() == EntryKind.HARDLINK)
                && (a.meta().isSetuid() || a.meta().isSetgid());
    }

    @Override
    public void inspect(Artifact a, Findings out) {
        boolean script = a.hasContent() && (a.type() == FileType.SHELL_SCRIPT || a.type() == FileType.SCRIPT);
        String bits = a.meta().isSetuid() && a.meta().isSetgid() ? "setuid+setgid"
                : a.meta().isSetuid() ? "setuid" : "setgid";
        var f = out.at(a)
                .message(bits + " " + (script ? "script" : "file") + " " + a.innerPath() + " (mode "
                        + a.meta().modeOctal() + ")")
                .evidence("mode", a.meta().modeOctal())
                .evidence("bits", bits)
                .severity(script ? Severity.MEDIUM : Severity.INFO);
        a.meta().uid().ifPresent(u -> f.evidence("uid", u));
        a.meta().gid().ifPresent(g -> f.evidence("gid", g));
        a.meta().user().ifPresent(u -> f.evidence("owner", u));
        if (script) {
            f.evidence("reason", "setuid interpreter script");
        }
        f.report();
    }
}
