package dev.medsec.checks.input;

import dev.medsec.code.config.SshdConfig;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

@CheckInfo(id = "input.ssh-weak-authentication", principle = Principle.UNTRUSTED_INPUT, severity = Severity.HIGH,
        cwe = {287, 521, 250},
        summary = "The SSH server (OpenSSH or Dropbear) allows root login, empty passwords or password logins",
        remediation = "Set PermitRootLogin no, PermitEmptyPasswords no and PasswordAuthentication no (Dropbear: "
                + "-w -s -g), and authenticate service staff with per-device keys or certificates.")
public final class SshWeakAuthentication implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) {
        for (Artifact main : image.findAll(SshdConfig.PATH)) {
            if (main.hasContent()) {
                try {
                    openssh(SshdConfig.read(image, main), main, out);
                } catch (IOException e) {
                    out.error(main.path(), e.getMessage());
                }
            }
        }
        for (Artifact dflt : image.findAll("/etc/default/dropbear")) {
            if (dflt.hasContent()) {
                try {
                    DropbearOptions.check(dflt, out);
                } catch (IOException e) {
                    out.error(dflt.path(), e.getMessage());
                }
            }
        }
    }

    private static void openssh(SshdConfig cfg, Artifact main, Findings out) {
        for (SshdConfig.Option o : cfg.all()) {
            String v = o.value().toLowerCase(Locale.ROOT);
            switch (o.keyword()) {
                case "permitrootlogin" -> {
                    if (v.equals("yes")) {
                        report(out, o, Severity.HIGH, "sshd lets root log in with a password");
                    }
                }
                case "permitemptypasswords" -> {
                    if (v.equals("yes")) {
                        report(out, o, Severity.CRITICAL, "sshd accepts accounts with empty passwords");
                    }
                }
                case "passwordauthentication" -> {
                    if (v.equals("yes")) {
                        report(out, o, Severity.MEDIUM, "sshd accepts password logins; devices should use keys");
                    }
                }
                default -> {
                }
            }
        }
        Optional<SshdConfig.Option> pw = cfg.get("passwordauthentication");
        if (pw.isEmpty()) {
            out.at(main).evidence("option", "PasswordAuthentication").evidence("value", "yes (OpenSSH default)")
                    .severity(Severity.LOW)
                    .message("sshd accepts password logins by default: PasswordAuthentication is not set")
                    .key("passwordauthentication#default").report();
        }
    }

    private static void report(Findings out, SshdConfig.Option o, Severity s, String message) {
        out.at(o.path()).evidence("option", o.keyword()).evidence("value", o.value()).evidence("line", o.line())
                .evidence("inMatchBlock", o.inMatch()).severity(s).message(message)
                .key(o.keyword() + (o.inMatch() ? "#match" + o.line() : "")).report();
    }
}
