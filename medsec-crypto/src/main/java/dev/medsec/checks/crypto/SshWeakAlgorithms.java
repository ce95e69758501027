package dev.medsec.checks.crypto;

import dev.medsec.code.config.SshdConfig;
import dev.medsec.core.policy.CryptoPolicy;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.Map;

@CheckInfo(id = "crypto.ssh-weak-algorithms", principle = Principle.STRONG_CRYPTO, severity = Severity.HIGH,
        cwe = {327, 326},
        summary = "The SSH server enables ciphers, MACs, key exchanges or host key algorithms the policy disallows",
        remediation = "List only approved algorithms, e.g. Ciphers aes256-gcm@openssh.com,aes128-gcm@openssh.com,"
                + "aes256-ctr; MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com; KexAlgorithms "
                + "ecdh-sha2-nistp384,ecdh-sha2-nistp256,diffie-hellman-group16-sha512.")
public final class SshWeakAlgorithms implements ImageCheck {
    private static final Map<String, CryptoPolicy.Kind> LISTS = Map.of(
            "ciphers", CryptoPolicy.Kind.SSH_CIPHER,
            "macs", CryptoPolicy.Kind.SSH_MAC,
            "kexalgorithms", CryptoPolicy.Kind.SSH_KEX,
            "hostkeyalgorithms", CryptoPolicy.Kind.SSH_HOSTKEY,
            "pubkeyacceptedalgorithms", CryptoPolicy.Kind.SSH_HOSTKEY,
            "pubkeyacceptedkeytypes", CryptoPolicy.Kind.SSH_HOSTKEY,
            "casignaturealgorithms", CryptoPolicy.Kind.SSH_HOSTKEY);

    @Override
    public void inspect(Image image, Findings out) {
        CryptoPolicy policy = CryptoPolicy.standard();
        for (Artifact main : image.findAll(SshdConfig.PATH)) {
            if (!main.hasContent()) {
                continue;
            }
            SshdConfig cfg;
            try {
                cfg = SshdConfig.read(image, main);
            } catch (IOException e) {
                out.error(main.path(), e.getMessage());
                continue;
            }
            for (SshdConfig.Option o : cfg.all()) {
                CryptoPolicy.Kind kind = LISTS.get(o.keyword());
                if (kind == null) {
                    continue;
                }
                for (CryptoPolicy.Verdict v : policy.judgeList(kind, o.value())) {
                    out.at(o.path()).evidence("option", o.keyword()).evidence("line", o.line())
                            .evidence("algorithm", v.configured()).evidence("status", v.rule().status().name())
                            .evidence("policySource", v.rule().source())
                            .severity(v.rule().status() == CryptoPolicy.Status.DISALLOWED ? Severity.HIGH : Severity.MEDIUM)
                            .message("sshd enables " + v.configured() + " (" + v.rule().status().name().toLowerCase(
                                    java.util.Locale.ROOT) + ": " + v.rule().source() + ")")
                            .key(o.keyword() + "#" + v.configured() + (o.inMatch() ? "#match" + o.line() : ""))
                            .report();
                }
            }
            cfg.get("protocol").filter(p -> p.value().contains("1")).ifPresent(p ->
                    out.at(p.path()).evidence("option", "Protocol").evidence("line", p.line())
                            .message("sshd allows SSH protocol 1").key("protocol").report());
        }
    }
}
