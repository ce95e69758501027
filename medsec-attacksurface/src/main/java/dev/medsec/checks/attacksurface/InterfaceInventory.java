package dev.medsec.checks.attacksurface;

import dev.medsec.profile.DeviceProfile;
import dev.medsec.attacksurface.interfaces.InterfaceEvidence;
import dev.medsec.attacksurface.interfaces.InterfaceMap;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;

/**
 * Without a device profile: the interfaces the image supports, as info findings, the device's attack-surface
 * map. Writing a profile from it turns the interfaces the device does not need into findings.
 */
@CheckInfo(id = "attacksurface.interface-inventory", principle = Principle.ATTACK_SURFACE, severity = Severity.INFO,
        cwe = {1188}, summary = "The image supports this interface (no device profile given)",
        remediation = "Write a device profile (--profile) that declares the interfaces the device needs.")
public final class InterfaceInventory implements ImageCheck {
    @Override
    public void prepare() {
        InterfaceMap.builtIn();
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        if (DeviceProfile.of(image).isPresent()) {
            return;
        }
        for (InterfaceEvidence.Present p : InterfaceEvidence.find(image)) {
            FindingBuilder f = out.at(p.anchor()).key(p.iface().id())
                    .message(p.iface().id() + " is present")
                    .evidence("interface", p.iface().id());
            p.evidence().forEach(f::evidence);
            f.report();
        }
    }
}
