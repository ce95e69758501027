package dev.medsec.checks.attacksurface;

import dev.medsec.profile.DeviceProfile;
import dev.medsec.attacksurface.services.Service;
import dev.medsec.attacksurface.services.ServiceInventory;
import dev.medsec.attacksurface.services.ServiceKind;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.Optional;

/**
 * Services that have no place on a medical device in the field: clear-text remote logins and file transfer
 * (telnet, ftp, tftp, rsh/rlogin/rexec, finger), remote debuggers (gdbserver, adbd) and debug shells, plus
 * anything the device profile forbids. A service the profile explicitly allows is reported as info.
 */
@CheckInfo(id = "attacksurface.insecure-service", principle = Principle.ATTACK_SURFACE, severity = Severity.HIGH,
        cwe = {319, 1188, 489}, summary = "A clear-text, debug or forbidden network service is enabled",
        remediation = "Remove the service from the image (package, init script, unit, inetd line); use SSH with "
                + "key authentication for maintenance and only in a service mode.")
public final class InsecureService implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        for (Service s : ServiceInventory.find(image)) {
            Optional<ServiceKind> kind = ServiceKind.of(s);
            // The profile names services as the team knows them: the unit or script, or the daemon it starts.
            String daemon = base(s.daemon());
            boolean forbidden = profile.map(p -> p.services().isForbidden(s.name())
                    || p.services().isForbidden(stripName(s.name()))
                    || !daemon.isEmpty() && p.services().isForbidden(daemon)).orElse(false);
            boolean insecure = kind.map(ServiceKind::isInsecure).orElse(false);
            if (!insecure && !forbidden) {
                continue;
            }
            boolean allowed = !forbidden && profile.map(p -> p.services().isAllowed(s.name())
                    || p.services().isAllowed(stripName(s.name()))
                    || !daemon.isEmpty() && p.services().isAllowed(daemon)).orElse(false);
            String what = kind.map(ServiceKind::label).orElse("service");
            out.at(s.path())
                    .key(s.name())
                    .message((forbidden ? "forbidden by the device profile: " : "") + what + " '" + s.name()
                            + "' is enabled (" + s.system().name().toLowerCase(java.util.Locale.ROOT) + ")"
                            + (s.listen().isEmpty() ? "" : ", listening on " + String.join(", ", s.listen()))
                            + (s.reachable() ? "" : "; only for a boot target the default target does not reach")
                            + (allowed ? "; allowed by the device profile" : ""))
                    .evidence("service", s.name())
                    .evidence("kind", kind.map(Enum::name).orElse("OTHER"))
                    .evidence("enabledBy", s.system().name().toLowerCase(java.util.Locale.ROOT))
                    .evidence("command", s.command())
                    .evidence("daemon", s.daemon())
                    .evidence("listen", s.listen())
                    .evidence("user", s.user())
                    .evidence("reachable", s.reachable())
                    .evidence("profile", forbidden ? "forbidden" : allowed ? "allowed" : "not declared")
                    // enabled for rescue or another non-default target: started only when someone switches to it
                    .severity(allowed ? Severity.INFO : s.reachable() ? Severity.HIGH : Severity.MEDIUM)
                    .report();
        }
    }

    private static String base(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String stripName(String name) {
        String n = name.replaceFirst("^[SK]\\d\\d", "");
        int dot = n.lastIndexOf('.');
        return dot > 0 && (n.endsWith(".service") || n.endsWith(".socket")) ? n.substring(0, dot) : n;
    }
}
