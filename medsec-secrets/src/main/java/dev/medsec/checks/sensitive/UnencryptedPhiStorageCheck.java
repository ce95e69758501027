package dev.medsec.checks.sensitive;

import dev.medsec.profile.DeviceProfile;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * When the device profile says the device stores PHI, the storage that receives it must be encrypted at rest.
 * With {@code data.phiDirectories} each directory's covering mount (from /etc/fstab) is judged; with only
 * {@code data.phiStored: true} every persistent data partition is. Encrypted means a dm-crypt mapping listed in
 * /etc/crypttab, an eCryptfs mount, or fscrypt configured on an fscrypt-capable filesystem. Without a profile
 * (or with {@code phiStored: false}) the check says nothing: it cannot know where patient data goes.
 */
@CheckInfo(id = "sensitive.unencrypted-phi-storage", principle = Principle.SENSITIVE_DATA, severity = Severity.MEDIUM,
        cwe = {311},
        summary = "Storage that holds patient data is not encrypted at rest",
        remediation = "Put the PHI directories on a dm-crypt (LUKS) volume listed in /etc/crypttab, or use fscrypt/"
                + "eCryptfs, with the volume key sealed by the TPM or secure element, not stored in the image.")
public final class UnencryptedPhiStorageCheck implements ImageCheck {
    private static final List<String> ROOT_LIKE = List.of("/", "/boot", "/boot/efi", "/usr");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        if (profile.isEmpty()) {
            return;
        }
        DeviceProfile.Data data = profile.get().data();
        boolean phi = data.phiStored().orElse(!data.phiDirectories().isEmpty());
        if (!phi) {
            return;
        }
        for (MountTable table : MountTable.of(image)) {
            if (!data.phiDirectories().isEmpty()) {
                for (String dir : data.phiDirectories()) {
                    if (table.volatileAt(dir)) {
                        continue;
                    }
                    Optional<MountTable.Mount> m = table.covering(dir);
                    if (m.isPresent() && table.protection(m.get()).isPresent()) {
                        continue;
                    }
                    out.at(table.fstabPath()).key(dir)
                            .message("PHI directory " + dir + " is on "
                                    + m.map(x -> "unencrypted " + x.fsType() + " mount " + x.mountPoint() + " (" + x.device() + ")")
                                    .orElse("the root filesystem, which fstab does not declare encrypted"))
                            .evidence("phiDirectory", dir)
                            .evidence("mountPoint", m.map(MountTable.Mount::mountPoint).orElse("/"))
                            .evidence("device", m.map(MountTable.Mount::device).orElse("(root filesystem)"))
                            .evidence("fsType", m.map(MountTable.Mount::fsType).orElse("?"))
                            .evidence("line", m.map(MountTable.Mount::line).orElse(0))
                            .report();
                }
                continue;
            }
            for (MountTable.Mount m : table.mounts()) {
                if (!m.persistent() || ROOT_LIKE.contains(m.mountPoint()) || table.protection(m).isPresent()) {
                    continue;
                }
                out.at(table.fstabPath()).key(m.mountPoint())
                        .message("Data partition " + m.mountPoint() + " (" + m.device() + ", " + m.fsType()
                                + ") is not encrypted, and the device profile declares that PHI is stored")
                        .evidence("mountPoint", m.mountPoint())
                        .evidence("device", m.device())
                        .evidence("fsType", m.fsType())
                        .evidence("line", m.line())
                        .report();
            }
        }
    }
}
