package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.elf.VettedLibrary;
import dev.medsec.checks.crypto.elf.WeakCryptoSymbols;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.elf.ElfFile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

@CheckInfo(id = "crypto.elf-weak-primitives", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 328},
        summary = "A binary imports weak cryptography (MD5, SHA-1, DES/3DES, RC4, Blowfish, ECB, RSA PKCS#1 v1.5) "
                + "from a crypto library",
        remediation = "Replace the primitive: SHA-256+ for digests, AES-GCM or ChaCha20-Poly1305 through EVP for "
                + "encryption, RSA-OAEP or ECDH for key transport, and drop legacy protocol support.")
public final class ElfWeakPrimitives implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        return artifact.type() == FileType.ELF;
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        ElfFile elf = artifact.view(ElfFile.VIEW);
        // A vetted library importing another (libssl from libcrypto) implements protocols that need legacy
        // primitives under negotiation; the finding belongs to the application that selects them.
        if (VettedLibrary.exportedBy(elf).isPresent() || VettedLibrary.isOpenSslModule(elf)) {
            return;
        }
        Map<String, TreeSet<String>> byFamily = new TreeMap<>();
        Map<String, WeakCryptoSymbols.Entry> firstEntry = new TreeMap<>();
        for (String name : elf.importedSymbolNames()) {
            WeakCryptoSymbols.lookup(name).ifPresent(e -> {
                byFamily.computeIfAbsent(e.family(), k -> new TreeSet<>()).add(name);
                firstEntry.putIfAbsent(e.family(), e);
            });
        }
        for (Map.Entry<String, TreeSet<String>> f : byFamily.entrySet()) {
            WeakCryptoSymbols.Entry e = firstEntry.get(f.getKey());
            List<String> symbols = new ArrayList<>(f.getValue());
            Severity s = WeakCryptoSymbols.severity(f.getKey());
            out.at(artifact).evidence("family", f.getKey()).evidence("symbols", symbols)
                    .evidence("library", e.library()).evidence("reason", e.why()).severity(s)
                    .message(artifact.fileName() + " imports " + f.getKey() + " (" + String.join(", ", symbols) + ")")
                    .key(f.getKey()).report();
        }
    }
}
