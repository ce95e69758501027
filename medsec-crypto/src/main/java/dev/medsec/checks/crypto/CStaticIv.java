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
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, false, file -> {
            CSource src = file.source();
            for (CCall c : src.calls()) {
                Integer idx = IV_ARG.get(c.name());
                if (idx == null || idx >= c.args().size()) {
                    continue;
                }
                String why = ConstantArguments.why(src, c, idx, IV_ARG.keySet()).orElse(null);
                if (why != null) {
                    out.at(file.path()).evidence("line", c.line()).evidence("function", c.function())
                            .evidence("call", c.name()).evidence("iv", c.argText(idx)).evidence("ivSource", why)
                            .message(c.name() + " in " + c.function() + "() uses IV '" + c.argText(idx) + "', " + why)
                            .key(c.function() + "#" + c.name() + "#" + c.argText(idx)).report();
                }
            }
        });
    }
}
