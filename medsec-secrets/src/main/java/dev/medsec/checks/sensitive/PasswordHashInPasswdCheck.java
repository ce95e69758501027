package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;

/** A password hash in the world-readable /etc/passwd instead of the root-only /etc/shadow. */
@CheckInfo(id = "sensitive.hash-in-passwd", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {522, 200},
        summary = "Password hash stored in world-readable /etc/passwd",
        remediation = "Move password hashes to /etc/shadow (pwconv, or BusyBox with CONFIG_FEATURE_SHADOWPASSWDS) "
                + "and leave 'x' in the passwd field.")
public final class PasswordHashInPasswdCheck implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Accounts.Database db : Accounts.of(image)) {
            for (Accounts.Account a : db.accounts()) {
                HashScheme s = HashScheme.of(a.passwdField());
                if (s == HashScheme.EMPTY || s == HashScheme.LOCKED) {
                    continue;
                }
                out.at(db.passwdPath()).key(a.name())
                        .message("Password hash of '" + a.name() + "' (" + s.label() + ") is in /etc/passwd, readable by every user")
                        .evidence("account", a.name())
                        .evidence("scheme", s.label())
                        .evidence("line", a.passwdLine())
                        .report();
            }
        }
    }
}
