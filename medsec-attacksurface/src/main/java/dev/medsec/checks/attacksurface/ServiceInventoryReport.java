package dev.medsec.checks.attacksurface;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The services the image starts, as a report section ("services"), and each remote-login server (sshd,
 * dropbear) as an info finding: their presence is part of the attack surface, their configuration is audited
 * under principle 7.
 */
@CheckInfo(id = "attacksurface.service-inventory", principle = Principle.ATTACK_SURFACE, severity = Severity.INFO,
        cwe = {1188}, summary = "A remote-login service is enabled (inventory)",
        remediation = "Keep remote login only if the device needs it; then key-only authentication, no root "
                + "login, and a service mode that enables it.")
public final class ServiceInventoryReport implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        List<Service> services = ServiceInventory.find(image);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Service s : services) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", s.name());
            row.put("enabledBy", s.system().name().toLowerCase(Locale.ROOT));
            row.put("path", s.path());
            row.put("command", s.command());
            ServiceKind.of(s).ifPresent(k -> row.put("kind", k.name()));
            row.put("daemon", s.daemon());
            row.put("arguments", s.arguments());
            row.put("listen", s.listen());
            row.put("user", s.user());
            row.put("reachable", s.reachable());
            rows.add(row);
            if (ServiceKind.of(s).filter(k -> k == ServiceKind.SSH).isPresent()) {
                out.at(s.path()).key(s.name())
                        .message("remote login service '" + s.name() + "' is enabled")
                        .evidence("service", s.name())
                        .evidence("enabledBy", s.system().name().toLowerCase(Locale.ROOT))
                        .evidence("command", s.command())
                        .evidence("listen", s.listen())
                        .report();
            }
        }
        if (!rows.isEmpty()) {
            out.section("services", rows);
        }
    }
}
