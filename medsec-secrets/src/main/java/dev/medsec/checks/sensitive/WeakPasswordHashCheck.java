package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;

/** DES, MD5-crypt and similar password hashes: cracked in minutes to days on commodity GPUs. */
@CheckInfo(id = "sensitive.weak-password-hash", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {916, 328},
        summary = "Password hashed with an obsolete scheme (DES, MD5-crypt)",
        remediation = "Re-hash with yescrypt (Debian default), SHA-512-crypt with a high round count or bcrypt; "
                + "set ENCRYPT_METHOD in /etc/login.defs and CONFIG_FEATURE_DEFAULT_PASSWD_ALGO for BusyBox.")
public final class WeakPasswordHashCheck implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Accounts.Database db : Accounts.of(image)) {
            for (Accounts.Account a : db.accounts()) {
                HashScheme s = a.scheme();
                if (!s.weak()) {
                    continue;
                }
                boolean inPasswd = !a.passwdField().equals("x");
                out.at(inPasswd ? db.passwdPath() : db.shadowPath().orElse(db.passwdPath())).key(a.name())
                        .message("Password of '" + a.name() + "' is hashed with " + s.label())
                        .evidence("account", a.name())
                        .evidence("scheme", s.label())
                        .evidence("loginShell", a.canLogin())
                        .evidence("line", inPasswd ? a.passwdLine() : a.shadowLine())
                        .report();
            }
        }
    }
}
