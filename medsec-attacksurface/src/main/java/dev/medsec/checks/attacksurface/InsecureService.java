package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.profile.DeviceProfile;
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
            boolean forbidden = profile.map(p -> p.services().isForbidden(s.name())
                    || p.services().isForbidden(stripName(s.name()))).orElse(false);
            boolean insecure = kind.map(ServiceKind::isInsecure).orElse(false);
            if (!insecure && !forbidden) {
                continue;
            }
            boolean allowed = !forbidden && profile.map(p -> p.services().isAllowed(s.name())
                    || p.services().isAllowed(stripName(s.name()))).orElse(false);
            String what = kind.map(ServiceKind::label).orElse("service");
            out.at(s.path())
                    .key(s.name())
                    .message((forbidden ? "forbidden by the device profile: " : "") + what + " '" + s.name()
                            + "' is enabled (" + s.system().name().toLowerCase(java.util.Locale.ROOT) + ")"
                            + (allowed ? "; allowed by the device profile" : ""))
                    .evidence("service", s.name())
                    .evidence("kind", kind.map(Enum::name).orElse("OTHER"))
                    .evidence("enabledBy", s.system().name().toLowerCase(java.util.Locale.ROOT))
                    .evidence("command", s.command())
                    .evidence("profile", forbidden ? "forbidden" : allowed ? "allowed" : "not declared")
                    .severity(allowed ? Severity.INFO : Severity.HIGH)
                    .report();
        }
    }

    private static String stripName(String name) {
        String n = name.replaceFirst("^[SK]\\d\\d", "");
        int dot = n.lastIndexOf('.');
        return dot > 0 && (n.endsWith(".service") || n.endsWith(".socket")) ? n.substring(0, dot) : n;
    }
}
