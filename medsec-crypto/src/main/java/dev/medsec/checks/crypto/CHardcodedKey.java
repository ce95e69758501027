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
import java.util.Map;
import java.util.Optional;

/**
 * C code whose encryption or MAC key is fixed at build time: a string literal, a const initialised array, or an
 * array nothing fills, passed as the key argument of the cipher and HMAC set-up calls of OpenSSL, Mbed TLS and
 * wolfSSL. Every device built from the source shares that key, and the firmware gives it away.
 */
@CheckInfo(id = "crypto.c-hardcoded-key", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {321, 798},
        summary = "C code encrypts or authenticates with a key that is a literal or a constant array",
        remediation = "Derive or provision a per-device key (secure element, TPM, PKCS#11, or a key injected at "
                + "manufacturing into protected storage) and load it at run time; never compile a key in.")
public final class CHardcodedKey implements ImageCheck {
    /** Set-up calls and the index of their key argument. */
    static final Map<String, Integer> KEY_ARG = Map.ofEntries(
            Map.entry("EVP_EncryptInit_ex", 3), Map.entry("EVP_EncryptInit_ex2", 2), Map.entry("EVP_EncryptInit", 2),
            Map.entry("EVP_DecryptInit_ex", 3), Map.entry("EVP_DecryptInit_ex2", 2), Map.entry("EVP_DecryptInit", 2),
            Map.entry("EVP_CipherInit_ex", 3), Map.entry("EVP_CipherInit_ex2", 2), Map.entry("EVP_CipherInit", 2),
            Map.entry("AES_set_encrypt_key", 0), Map.entry("AES_set_decrypt_key", 0),
            Map.entry("HMAC", 1), Map.entry("HMAC_Init_ex", 1), Map.entry("HMAC_Init", 1),
            Map.entry("mbedtls_aes_setkey_enc", 1), Map.entry("mbedtls_aes_setkey_dec", 1),
            Map.entry("mbedtls_gcm_setkey", 2), Map.entry("mbedtls_ccm_setkey", 2),
            Map.entry("mbedtls_cipher_setkey", 1), Map.entry("mbedtls_md_hmac_starts", 1),
            Map.entry("wc_AesSetKey", 1), Map.entry("wc_AesGcmSetKey", 1), Map.entry("wc_HmacSetKey", 2));

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, false, file -> {
            CSource src = file.source();
            for (CCall c : src.calls()) {
                Integer idx = KEY_ARG.get(c.name());
                if (idx == null) {
                    continue;
                }
                Optional<String> why = ConstantArguments.why(src, c, idx, KEY_ARG.keySet());
                if (why.isPresent()) {
                    // the key itself is never evidence: its name and where it comes from are
                    out.at(file.path()).evidence("line", c.line()).evidence("function", c.function())
                            .evidence("call", c.name()).evidence("keyArgument", c.argIsStringLiteral(idx) ? "(string literal)"
                                    : c.argText(idx)).evidence("keySource", why.get())
                            .message(c.name() + " in " + c.function() + "() uses a key that is " + why.get())
                            .key(c.function() + "#" + c.name() + "#" + (c.argIsStringLiteral(idx) ? "literal" : c.argText(idx)))
                            .report();
                }
            }
        });
    }
}
