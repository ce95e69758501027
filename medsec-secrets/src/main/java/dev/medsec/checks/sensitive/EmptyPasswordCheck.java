package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;

/** Accounts that authenticate with an empty password: anyone at the console or over SSH/telnet gets in. */
@CheckInfo(id = "sensitive.empty-password", principle = Principle.SENSITIVE_DATA, severity = Severity.CRITICAL,
        cwe = {258, 521},
        summary = "Account can log in without a password",
        remediation = "Lock the account ('!' or '*' in the shadow password field, e.g. passwd -l) or give it a "
                + "per-device password hashed with yescrypt or SHA-512-crypt; prefer key-based service access.")
public final class EmptyPasswordCheck implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Accounts.Database db : Accounts.of(image)) {
            for (Accounts.Account a : db.accounts()) {
                if (a.scheme() != HashScheme.EMPTY) {
                    continue;
                }
                boolean inPasswd = a.passwdField().isEmpty();
                String file = inPasswd ? db.passwdPath() : db.shadowPath().orElse(db.passwdPath());
                FindingBuilder b = out.at(file).key(a.name())
                        .evidence("account", a.name())
                        .evidence("uid", a.uid())
                        .evidence("shell", a.shell())
                        .evidence("line", inPasswd ? a.passwdLine() : a.shadowLine());
                if (a.canLogin()) {
                    b.message("Account '" + a.name() + "' (uid " + a.uid() + ", shell " + a.shell()
                            + ") has an empty password and can log in");
                } else {
                    b.severity(Severity.MEDIUM).evidence("reason", "no login shell, but su/ssh subsystems may still accept it")
                            .message("Account '" + a.name() + "' has an empty password (no login shell)");
                }
                b.report();
            }
        }
    }
}
