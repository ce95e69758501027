package dev.medsec.checks.crypto;

import dev.medsec.code.config.TlsDirectives;
import dev.medsec.core.policy.CryptoPolicy;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

@CheckInfo(id = "crypto.tls-weak-config", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {326, 327, 757},
        summary = "A TLS configuration (OpenSSL, nginx, lighttpd, mosquitto, stunnel) allows TLS < 1.2 or weak ciphers",
        remediation = "Require TLS 1.2 or 1.3 (MinProtocol = TLSv1.2, ssl_protocols TLSv1.2 TLSv1.3) and approved "
                + "AEAD suites (ECDHE with AES-GCM), per SP 800-52 r2.")
public final class TlsWeakConfig implements FileCheck {
    @Override
    public boolean appliesTo(Artifact artifact) {
        FileType t = artifact.type();
        return (t == FileType.TEXT || t == FileType.SHELL_SCRIPT || t == FileType.SCRIPT)
                && TlsDirectives.dialectOf(artifact).isPresent();
    }

    @Override
    public void inspect(Artifact artifact, Findings out) throws IOException {
        TlsDirectives.Dialect dialect = TlsDirectives.dialectOf(artifact).orElseThrow();
        CryptoPolicy policy = CryptoPolicy.standard();
        for (TlsDirectives.Directive d : TlsDirectives.read(artifact, dialect)) {
            switch (d.meaning()) {
                case MIN_PROTOCOL -> {
                    int rank = TlsDirectives.rank(d.value());
                    if (rank >= 0 && rank < TlsDirectives.rank("TLSv1.2")) {
                        String rule = CryptoPolicy.normaliseProtocol(d.value());
                        report(out, artifact, d, d.value(), policy.rule(CryptoPolicy.Kind.PROTOCOL, rule)
                                .map(CryptoPolicy.Rule::source).orElse("SP 800-52 r2 §3.1"), Severity.HIGH,
                                "minimum protocol " + d.value() + " is below TLS 1.2");
                    }
                }
                case PROTOCOLS -> {
                    for (CryptoPolicy.Verdict v : policy.judgeProtocols(d.value())) {
                        report(out, artifact, d, v.configured(), v.rule().source(), Severity.HIGH,
                                "protocol " + v.configured() + " is enabled");
                    }
                    if (d.value().equalsIgnoreCase("all")) {
                        report(out, artifact, d, "all", "SP 800-52 r2 §3.1", Severity.HIGH,
                                "every protocol version is enabled, including SSLv3/TLS 1.0/1.1");
                    }
                }
                case CIPHERS -> {
                    List<CryptoPolicy.Verdict> weak = policy.judgeOpenSslCipherString(d.value());
                    for (CryptoPolicy.Verdict v : weak) {
                        report(out, artifact, d, v.configured(), v.rule().source(),
                                v.rule().status() == CryptoPolicy.Status.DISALLOWED ? Severity.HIGH : Severity.MEDIUM,
                                "cipher list enables " + v.configured());
                    }
                }
                case ENABLE_SSL -> {
                    String v = d.value().toLowerCase(Locale.ROOT);
                    if (v.equals("enable") || v.equals("yes") || v.equals("true")) {
                        report(out, artifact, d, d.name(), "SP 800-52 r2 §3.1 (SSL 2.0/3.0 shall not be used)",
                                Severity.HIGH, d.name() + " is enabled");
                    }
                }
                default -> {
                }
            }
        }
    }

    private static void report(Findings out, Artifact a, TlsDirectives.Directive d, String element, String source,
                               Severity severity, String what) {
        out.at(a).evidence("dialect", d.dialect().name().toLowerCase(Locale.ROOT)).evidence("directive", d.name())
                .evidence("value", d.value()).evidence("line", d.line()).evidence("weak", element)
                .evidence("policySource", source).severity(severity)
                .message(d.dialect().name().toLowerCase(Locale.ROOT) + " " + d.name() + ": " + what)
                .key(d.name() + "#" + element).report();
    }
}
