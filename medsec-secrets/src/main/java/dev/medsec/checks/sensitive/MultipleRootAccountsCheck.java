package dev.medsec.checks.sensitive;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.List;

/** More than one account with uid 0: a second, often forgotten, set of credentials with full control. */
@CheckInfo(id = "sensitive.multiple-root-accounts", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
        cwe = {250, 269},
        summary = "More than one account has uid 0",
        remediation = "Keep root as the only uid-0 account; give service and maintenance accounts their own uid and "
                + "the least privilege they need (capabilities, sudo rules).")
public final class MultipleRootAccountsCheck implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        for (Accounts.Database db : Accounts.of(image)) {
            List<Accounts.Account> zero = db.accounts().stream().filter(a -> a.uid() == 0).toList();
            if (zero.size() < 2) {
                continue;
            }
            List<String> names = zero.stream().map(Accounts.Account::name).toList();
            List<String> extra = names.stream().filter(n -> !n.equals("root")).toList();
            out.at(db.passwdPath()).key("uid0")
                    .message("Accounts with uid 0: " + String.join(", ", names))
                    .evidence("accounts", names)
                    .evidence("extra", extra)
                    .evidence("loginable", zero.stream().filter(Accounts.Account::canLogin).map(Accounts.Account::name).toList())
                    .report();
        }
    }
}
