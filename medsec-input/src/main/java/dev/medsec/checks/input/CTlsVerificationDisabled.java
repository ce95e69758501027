package dev.medsec.checks.input;

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
import java.util.Set;

@CheckInfo(id = "input.c-tls-verification-disabled", principle = Principle.UNTRUSTED_INPUT,
        severity = Severity.CRITICAL, cwe = {295},
        summary = "C code turns off TLS peer verification (SSL_VERIFY_NONE, CURLOPT_SSL_VERIFYPEER 0, "
                + "MBEDTLS_SSL_VERIFY_NONE)",
        remediation = "Verify the peer: SSL_VERIFY_PEER with a CA file or pinned key, CURLOPT_SSL_VERIFYPEER 1 and "
                + "CURLOPT_SSL_VERIFYHOST 2, MBEDTLS_SSL_VERIFY_REQUIRED.")
public final class CTlsVerificationDisabled implements ImageCheck {
    private static final Set<String> SET_VERIFY = Set.of("SSL_CTX_set_verify", "SSL_set_verify",
            "wolfSSL_CTX_set_verify", "wolfSSL_set_verify");
    private static final Set<String> NONE = Set.of("SSL_VERIFY_NONE", "WOLFSSL_VERIFY_NONE");
    private static final Set<String> ZERO = Set.of("0", "0L", "0l", "FALSE", "false");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, false, file -> {
            CSource src = file.source();
            for (CCall c : src.calls()) {
                String what = null;
                if (SET_VERIFY.contains(c.name()) && (NONE.stream().anyMatch(n -> src.argMentions(c, 1, n))
                        || ZERO.contains(src.expandedArgText(c, 1)))) {
                    what = c.name() + "(" + c.argText(1) + ")";
                } else if (c.name().equals("curl_easy_setopt") && (src.argMentions(c, 1, "CURLOPT_SSL_VERIFYPEER")
                        || src.argMentions(c, 1, "CURLOPT_SSL_VERIFYHOST")) && ZERO.contains(src.expandedArgText(c, 2))) {
                    what = "curl_easy_setopt(" + c.argText(1) + ", " + c.argText(2) + ")";
                } else if (c.name().equals("mbedtls_ssl_conf_authmode") && (src.argMentions(c, 1, "MBEDTLS_SSL_VERIFY_NONE")
                        || src.argMentions(c, 1, "MBEDTLS_SSL_VERIFY_OPTIONAL"))) {
                    what = "mbedtls_ssl_conf_authmode(" + c.argText(1) + ")";
                }
                if (what != null) {
                    out.at(file.path()).evidence("line", c.line()).evidence("function", c.function())
                            .evidence("call", what)
                            .message(what + " in " + c.function() + "() disables verification of the TLS peer")
                            .key(c.function() + "#" + what).report();
                }
            }
        });
    }
}
