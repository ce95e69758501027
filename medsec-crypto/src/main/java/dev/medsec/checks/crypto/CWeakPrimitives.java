package dev.medsec.checks.crypto;

import dev.medsec.checks.crypto.elf.WeakCryptoSymbols;
import dev.medsec.code.csrc.CCall;
import dev.medsec.code.csrc.CSourceFiles;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * C and C++ sources (in the image or given with --source) that call weak cryptography through OpenSSL (EVP and
 * the low-level APIs), Mbed TLS, wolfSSL or Nettle. The same table and the same severities as the binary-import
 * check ({@link ElfWeakPrimitives}): the source shows where, the binary only that.
 */
@CheckInfo(id = "crypto.c-weak-primitives", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 328},
        summary = "C code calls weak cryptography (MD5, SHA-1, DES/3DES, RC4, ECB ...) through a crypto library",
        remediation = "Replace the primitive: SHA-256+ for digests, AES-GCM or ChaCha20-Poly1305 through EVP for "
                + "encryption, RSA-OAEP or ECDH for key transport; keep SHA-1 only where a protocol needs it for "
                + "HMAC, never for signatures.")
public final class CWeakPrimitives implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, false, file -> {
            Map<String, List<CCall>> byFamily = new TreeMap<>();
            Map<String, WeakCryptoSymbols.Entry> entries = new TreeMap<>();
            for (CCall c : file.source().calls()) {
                WeakCryptoSymbols.lookup(c.name()).ifPresent(e -> {
                    byFamily.computeIfAbsent(e.family(), k -> new ArrayList<>()).add(c);
                    entries.putIfAbsent(e.family(), e);
                });
            }
            for (Map.Entry<String, List<CCall>> f : byFamily.entrySet()) {
                CCall first = f.getValue().get(0);
                WeakCryptoSymbols.Entry e = entries.get(f.getKey());
                List<String> calls = f.getValue().stream().map(c -> c.name() + " (line " + c.line() + ", " + c.function() + "())")
                        .distinct().limit(20).toList();
                out.at(file.path()).severity(WeakCryptoSymbols.severity(f.getKey()))
                        .evidence("family", f.getKey()).evidence("calls", calls).evidence("line", first.line())
                        .evidence("library", e.library()).evidence("reason", e.why())
                        .message(first.function() + "() calls " + f.getKey() + " through " + first.name()
                                + (f.getValue().size() > 1 ? " (and " + (f.getValue().size() - 1) + " more calls)" : ""))
                        .key(f.getKey()).report();
            }
        });
    }
}
