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
import java.util.Optional;

/**
 * With a device profile: every interface the image supports (kernel options, modules, firmware, daemons) that
 * the profile does not declare, e.g. CONFIG_BT=y, bluetooth/*.ko and bluetoothd on a device without Bluetooth.
 */
@CheckInfo(id = "attacksurface.unneeded-interface", principle = Principle.ATTACK_SURFACE,
        severity = Severity.MEDIUM, cwe = {1188},
        summary = "The image supports an interface the device profile does not need",
        remediation = "Disable the interface's kernel options and remove its modules, firmware and daemons from "
                + "the image; or declare the interface in the device profile if the device needs it.")
public final class UnneededInterface implements ImageCheck {
    @Override
    public void prepare() {
        InterfaceMap.builtIn();
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        if (profile.isEmpty()) {
            return;
        }
        for (InterfaceEvidence.Present p : InterfaceEvidence.find(image)) {
            if (profile.get().needs(p.iface())) {
                continue;
            }
            FindingBuilder f = out.at(p.anchor()).key(p.iface().id())
                    .message(p.iface().id() + " is present but the device profile does not need it")
                    .evidence("interface", p.iface().id());
            p.evidence().forEach(f::evidence);
            f.report();
        }
    }
}
