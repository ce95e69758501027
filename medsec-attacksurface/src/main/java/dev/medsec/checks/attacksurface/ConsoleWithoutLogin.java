package dev.medsec.checks.attacksurface;

import dev.medsec.attacksurface.services.ConsoleLogin;
import dev.medsec.attacksurface.services.Service;
import dev.medsec.attacksurface.services.ServiceInventory;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/** A terminal (serial console, virtual terminal) that gives a shell without asking for a password. */
@CheckInfo(id = "attacksurface.console-without-login", principle = Principle.ATTACK_SURFACE,
        severity = Severity.CRITICAL, cwe = {306, 489},
        summary = "A console gives a shell without authentication",
        remediation = "Run a getty with login (no auto-login, no shell as login program) on the console, or no "
                + "console at all in production; disable systemd's debug-shell.service.")
public final class ConsoleWithoutLogin implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Service s : ServiceInventory.find(image)) {
            Optional<ConsoleLogin.NoLogin> n = ConsoleLogin.analyze(s);
            if (n.isEmpty()) {
                continue;
            }
            out.at(s.path())
                    .key(s.name())
                    .message("password-less shell on " + n.get().terminal() + ": " + n.get().reason())
                    .evidence("service", s.name())
                    .evidence("terminal", n.get().terminal())
                    .evidence("serial", ConsoleLogin.isSerial(n.get().terminal()))
                    .evidence("command", s.command())
                    .evidence("enabledBy", s.system().name().toLowerCase(Locale.ROOT))
                    .report();
        }
    }
}
