package dev.medsec.checks.crypto;

import dev.medsec.code.csrc.CCall;
import dev.medsec.code.csrc.CSource;
import dev.medsec.code.csrc.CSourceFiles;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

@CheckInfo(id = "crypto.c-static-iv", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {1204, 329},
        summary = "C code encrypts with an IV that is a literal, a constant array or an array never filled",
        remediation = "Generate a fresh IV per message with RAND_bytes (12 bytes for GCM), send it with the "
                + "ciphertext, and never reuse an IV under the same key.")
public final class CStaticIv implements ImageCheck {
    /** Encryption set-up calls and the index of their IV argument. */
    private static final Map<String, Integer> IV_ARG = Map.of("EVP_EncryptInit_ex", 4, "EVP_EncryptInit_ex2", 3,
            "EVP_EncryptInit", 3, "EVP_CipherInit_ex", 4, "EVP_CipherInit_ex2", 3, "EVP_CipherInit", 3,
            "AES_cbc_encrypt", 4, "mbedtls_aes_crypt_cbc", 3, "mbedtls_gcm_starts", 2, "wc_AesSetIV", 1);
    /** Calls that never fill an array passed to them. */
    private static final Set<String> READ_ONLY = Set.of("sizeof", "printf", "fprintf", "memcmp", "EVP_EncryptUpdate",
            "EVP_EncryptFinal_ex", "EVP_CipherUpdate", "EVP_CIPHER_CTX_ctrl", "fwrite", "write", "send");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, false, file -> {
            CSource src = file.source();
            List<CSource.ArrayDecl> decls = src.arrayDeclarations();
            for (CCall c : src.calls()) {
                Integer idx = IV_ARG.get(c.name());
                if (idx == null || idx >= c.args().size()) {
                    continue;
                }
                String why = null;
                if (c.argIsStringLiteral(idx)) {
                    why = "a string literal";
                } else {
                    Optional<String> var = c.argVariable(idx);
                    if (var.isPresent()) {
                        why = constantArray(src, decls, c, var.get()).orElse(null);
                    }
                }
                if (why != null) {
                    out.at(file.path()).evidence("line", c.line()).evidence("function", c.function())
                            .evidence("call", c.name()).evidence("iv", c.argText(idx)).evidence("ivSource", why)
                            .message(c.name() + " in " + c.function() + "() uses IV '" + c.argText(idx) + "', " + why)
                            .key(c.function() + "#" + c.name() + "#" + c.argText(idx)).report();
                }
            }
        });
    }

    /** Why the array {@code var} is a constant IV at this call, or empty when it may be filled at run time. */
    private static Optional<String> constantArray(CSource src, List<CSource.ArrayDecl> decls, CCall at, String var) {
        Optional<CSource.ArrayDecl> local = decls.stream()
                .filter(d -> d.name().equals(var) && d.function().equals(at.function())).findFirst();
        Optional<CSource.ArrayDecl> decl = local.isPresent() ? local
                : decls.stream().filter(d -> d.name().equals(var) && d.function().isEmpty()).findFirst();
        if (decl.isEmpty()) {
            return Optional.empty();
        }
        CSource.ArrayDecl d = decl.get();
        if (d.isConst() && d.initialised()) {
            return Optional.of("a constant array declared at line " + d.line());
        }
        // A file-scope array may be filled by any function of the file; a local one only by its own.
        boolean global = d.function().isEmpty();
        boolean filled = src.calls().stream().anyMatch(c -> (global || c.function().equals(at.function())) && c != at
                && !IV_ARG.containsKey(c.name()) && !READ_ONLY.contains(c.name())
                && c.args().stream().anyMatch(a -> a.stream().anyMatch(t -> t.isIdentifier(var))))
                || src.elementAssigned(global ? CSource.ANY_FUNCTION : at.function(), var);
        if (filled) {
            return Optional.empty();
        }
        return Optional.of(d.initialised() ? "an array initialised with constants at line " + d.line()
                + " and never refilled" : "an array declared at line " + d.line() + " and never filled");
    }
}
