package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.elf.VettedLibrary;
import dev.medsec.core.Component;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.elf.ElfFile;
import dev.medsec.elf.ElfFormatException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

@CheckInfo(id = "crypto.library-inventory", principle = Principle.STRONG_CRYPTO, severity = Severity.INFO,
        cwe = {1104},
        summary = "Crypto bill of materials: vetted crypto libraries in the image and the binaries that use them",
        remediation = "Keep every listed crypto library on a maintained release and track its security advisories.")
public final class CryptoInventory implements ImageCheck {
    /** Package names the SBOM stage reports for crypto libraries. */
    private static final Pattern CRYPTO_COMPONENT = Pattern.compile(
            "(?i)(openssl|libssl\\d*[a-z]*|libcrypto\\d*|boringssl|mbedtls|libmbed(crypto|tls|x509)\\d*|wolfssl|"
                    + "libwolfssl\\d*|libgcrypt\\d*|nettle|libnettle\\d*|libhogweed\\d*|libsodium\\d*|gnutls\\d*|"
                    + "libgnutls\\d*|bouncycastle|bcprov.*|bcpkix.*)");

    /** A vetted library found in the image. */
    public record Library(String library, String path, String soname, List<String> users) {
    }

    /** A binary that carries a vetted library linked in statically. */
    public record StaticUse(String path, List<String> libraries) {
    }

    /** The "cryptoInventory" report section. */
    public record Inventory(List<Library> libraries, List<StaticUse> staticallyLinked, List<Map<String, String>> sbomComponents,
                            String identification) {
    }

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Map<String, Library> bySoname = new LinkedHashMap<>();
        List<StaticUse> statics = new ArrayList<>();
        Map<String, ElfFile> elves = new LinkedHashMap<>();
        for (Iterator<Artifact> it = image.files().filter(a -> a.type() == FileType.ELF).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            a.tryView(ElfFile.VIEW).ifPresent(e -> elves.put(a.path(), e));
        }
        for (Map.Entry<String, ElfFile> e : elves.entrySet()) {
            Optional<VettedLibrary> lib = VettedLibrary.exportedBy(e.getValue());
            if (lib.isPresent()) {
                String soname = VettedLibrary.libraryName(e.getValue(), e.getKey());
                bySoname.putIfAbsent(soname, new Library(lib.get().display(), e.getKey(), soname, new ArrayList<>()));
            } else {
                List<VettedLibrary> defined = VettedLibrary.definedBy(e.getValue());
                if (!defined.isEmpty()) {
                    statics.add(new StaticUse(e.getKey(), defined.stream().map(VettedLibrary::display).toList()));
                }
            }
        }
        for (Map.Entry<String, ElfFile> e : elves.entrySet()) {
            try {
                for (String needed : e.getValue().needed()) {
                    Library l = bySoname.get(needed);
                    if (l != null && !l.path().equals(e.getKey())) {
                        l.users().add(e.getKey());
                    }
                }
            } catch (ElfFormatException ex) {
                // A binary whose dynamic section does not parse is reported by the ELF checks.
            }
        }
        List<Map<String, String>> sbom = new ArrayList<>();
        for (Component c : image.components()) {
            if (CRYPTO_COMPONENT.matcher(c.name().toLowerCase(Locale.ROOT)).matches()) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("name", c.name());
                row.put("version", c.version());
                c.purl().ifPresent(p -> row.put("purl", p));
                row.put("path", c.path());
                sbom.add(row);
            }
        }
        if (bySoname.isEmpty() && statics.isEmpty() && sbom.isEmpty()) {
            return;
        }
        List<Library> libraries = new ArrayList<>();
        for (Library l : bySoname.values()) {
            libraries.add(new Library(l.library(), l.path(), l.soname(), List.copyOf(new TreeSet<>(l.users()))));
        }
        out.section("cryptoInventory", new Inventory(libraries, List.copyOf(statics), sbom,
                "libraries identified by their exported API (dynamic symbols); versions from the SBOM components"));
    }

}
