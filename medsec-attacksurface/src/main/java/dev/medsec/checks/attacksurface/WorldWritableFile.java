package dev.medsec.checks.attacksurface;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;

import java.util.List;

/**
 * A world-writable file that any local process could replace to gain privileges: a setuid/setgid file
 * (critical) or a file under a system directory (high). World-writable files under /tmp, /var/tmp, /run and
 * /dev are normal and not reported.
 */
@CheckInfo(id = "attacksurface.world-writable-file", principle = Principle.ATTACK_SURFACE, severity = Severity.HIGH,
        cwe = {732}, summary = "A system or setuid file is writable by every user",
        remediation = "Remove the write permission for others (chmod o-w) in the image build.")
public final class WorldWritableFile implements FileCheck {
    static final List<String> SYSTEM_DIRS = List.of("/bin/", "/sbin/", "/usr/", "/lib/", "/lib32/", "/lib64/",
            "/etc/", "/boot/", "/opt/", "/root/", "/srv/", "/var/lib/", "/var/spool/cron/", "/init");

    @Override
    public boolean appliesTo(Artifact a) {
        return (a.kind() == EntryKind.FILE || a.kind() == EntryKind.HARDLINK) && a.meta().isWorldWritable();
    }

    @Override
    public void inspect(Artifact a, Findings out) {
        boolean privileged = a.meta().isSetuid() || a.meta().isSetgid();
        String p = a.innerPath();
        boolean system = SYSTEM_DIRS.stream().anyMatch(p::startsWith);
        if (!privileged && !system) {
            return;
        }
        out.at(a)
                .message((privileged ? "setuid/setgid file " : "system file ") + p + " is world-writable (mode "
                        + a.meta().modeOctal() + ")")
                .evidence("mode", a.meta().modeOctal())
                .evidence("reason", privileged ? "world-writable setuid/setgid" : "world-writable system file")
                .severity(privileged ? Severity.CRITICAL : Severity.HIGH)
                .report();
    }
}
