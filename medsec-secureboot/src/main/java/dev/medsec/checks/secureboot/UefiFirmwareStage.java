package dev.medsec.checks.secureboot;

import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.formats.MalformedFormatException;
import dev.medsec.formats.uefi.Guids;
import dev.medsec.formats.uefi.SignatureList;
import dev.medsec.formats.uefi.VariableStore;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform-firmware stage of the chain of trust: the modules of UEFI firmware volumes (their integrity rests on
 * the flash's hardware protection, Boot Guard or PSB, which an image cannot show) and the secure-boot keys of the
 * NVRAM variable stores: PK, KEK, db and dbx, by certificate subject.
 */
final class UefiFirmwareStage {
    private UefiFirmwareStage() {
    }

    /** True for an artifact found inside a UEFI firmware volume (any container up its layers). */
    static boolean insideFirmwareVolume(Image image, Artifact a) {
        String layer = a.layer();
        for (int depth = 0; depth < 32 && !layer.isEmpty(); depth++) {
            Optional<Artifact> container = image.get(layer);
            if (container.isEmpty()) {
                return false;
            }
            if (container.get().type() == FileType.UEFI_FV) {
                return true;
            }
            layer = container.get().layer();
        }
        return false;
    }

    static ChainOfTrust.Stage stage(List<Artifact> modules, List<Artifact> stores, Findings out) {
        if (modules.isEmpty() && stores.isEmpty()) {
            return new ChainOfTrust.Stage("firmware", ChainOfTrust.ABSENT, List.of(), "", List.of(), "no UEFI firmware volume found");
        }
        List<String> keys = new ArrayList<>();
        boolean setupMode = false;
        for (Artifact a : stores) {
            Optional<VariableStore> store = a.tryView(UefiVariableStoreCheck.VIEW);
            if (store.isEmpty()) {
                continue;
            }
            setupMode |= store.get().find(Guids.GLOBAL_VARIABLE, "PK").map(v -> v.data().remaining() == 0).orElse(true);
            keys.addAll(subjects(store.get(), Guids.GLOBAL_VARIABLE, "PK", a, out));
            keys.addAll(subjects(store.get(), Guids.GLOBAL_VARIABLE, "KEK", a, out));
            keys.addAll(subjects(store.get(), Guids.IMAGE_SECURITY_DATABASE, "db", a, out));
            keys.addAll(subjects(store.get(), Guids.IMAGE_SECURITY_DATABASE, "dbx", a, out));
        }
        List<String> paths = new ArrayList<>();
        stores.forEach(a -> paths.add(a.path()));
        modules.stream().limit(20).forEach(a -> paths.add(a.path()));
        String note = modules.size() + " UEFI modules in firmware volumes: their integrity rests on the flash's hardware"
                + " protection (Boot Guard, PSB), which the image cannot show"
                + (stores.isEmpty() ? "; no NVRAM variable store found" : setupMode ? "; secure boot is in setup mode (no PK)"
                : "; secure boot keys enrolled");
        return new ChainOfTrust.Stage("firmware", ChainOfTrust.UNKNOWN, paths, "UEFI secure boot variables", keys, note);
    }

    /** "db: CN=Microsoft Windows Production PCA 2011, ..." per X.509 entry; "dbx: 42 SHA-256 hashes" for hash lists. */
    private static List<String> subjects(VariableStore store, String guid, String name, Artifact a, Findings out) {
        List<String> result = new ArrayList<>();
        Optional<VariableStore.Variable> v = store.find(guid, name);
        if (v.isEmpty()) {
            return result;
        }
        try {
            int hashes = 0;
            for (SignatureList.Entry e : SignatureList.parse(v.get().data())) {
                if (!e.isX509()) {
                    hashes++;
                    continue;
                }
                byte[] der = new byte[e.data().remaining()];
                e.data().duplicate().get(der);
                try {
                    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(der));
                    result.add(name + ": " + c.getSubjectX500Principal().getName() + " (" + c.getPublicKey().getAlgorithm() + ")");
                } catch (CertificateException ex) {
                    result.add(name + ": unreadable certificate");
                }
            }
            if (hashes > 0) {
                result.add(name + ": " + hashes + " hashes");
            }
        } catch (MalformedFormatException e) {
            out.error(a.path(), name + " is not a valid EFI signature list: " + e.getMessage());
        }
        return result;
    }
}
