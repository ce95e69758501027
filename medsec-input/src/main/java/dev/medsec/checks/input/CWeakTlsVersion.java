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

@CheckInfo(id = "input.c-weak-tls-version", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {326, 757},
        summary = "C code selects SSL 3.0, TLS 1.0 or TLS 1.1 (fixed-version methods or a minimum below TLS 1.2)",
        remediation = "Use TLS_client_method()/TLS_server_method() with SSL_CTX_set_min_proto_version(ctx, "
                + "TLS1_2_VERSION) (SP 800-52 r2).")
public final class CWeakTlsVersion implements ImageCheck {
    private static final Set<String> OLD_METHODS = Set.of("SSLv2_method", "SSLv2_client_method", "SSLv2_server_method",
            "SSLv3_method", "SSLv3_client_method", "SSLv3_server_method", "TLSv1_method", "TLSv1_client_method",
            "TLSv1_server_method", "TLSv1_1_method", "TLSv1_1_client_method", "TLSv1_1_server_method",
            "DTLSv1_method", "DTLSv1_client_method", "DTLSv1_server_method", "wolfSSLv3_client_method",
            "wolfSSLv3_server_method", "wolfTLSv1_client_method", "wolfTLSv1_server_method",
            "wolfTLSv1_1_client_method", "wolfTLSv1_1_server_method");
    private static final Set<String> OLD_VERSIONS = Set.of("SSL2_VERSION", "SSL3_VERSION", "TLS1_VERSION",
            "TLS1_1_VERSION", "DTLS1_VERSION", "0");
    private static final Set<String> MBED_OLD_MINOR = Set.of("MBEDTLS_SSL_MINOR_VERSION_0", "MBEDTLS_SSL_MINOR_VERSION_1",
            "MBEDTLS_SSL_MINOR_VERSION_2", "0", "1", "2");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        CSourceFiles.forEach(image, out, false, file -> {
            CSource src = file.source();
            for (CCall c : src.calls()) {
                String what = null;
                if (OLD_METHODS.contains(c.name())) {
                    what = c.name() + "()";
                } else if ((c.name().equals("SSL_CTX_set_min_proto_version") || c.name().equals("SSL_set_min_proto_version"))
                        && OLD_VERSIONS.contains(src.expandedArgText(c, 1))) {
                    what = c.name() + "(" + c.argText(1) + ")";
                } else if (c.name().equals("mbedtls_ssl_conf_min_version") && MBED_OLD_MINOR.contains(src.expandedArgText(c, 2))) {
                    what = c.name() + "(" + c.argText(1) + ", " + c.argText(2) + ")";
                }
                if (what != null) {
                    out.at(file.path()).evidence("line", c.line()).evidence("function", c.function())
                            .evidence("call", what)
                            .message(what + " in " + c.function() + "() allows a protocol below TLS 1.2")
                            .key(c.function() + "#" + what).report();
                }
            }
        });
    }
}
