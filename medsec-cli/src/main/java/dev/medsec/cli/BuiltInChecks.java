package dev.medsec.cli;

import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.check.Check;

import java.util.List;

/**
 * Every built-in check, in one explicit list sorted by class name within each principle. Adding a check is
 * one line here plus its class and test. (ServiceLoader is kept for third-party plugins only.)
 */
public final class BuiltInChecks {
    private BuiltInChecks() {
    }

    public static List<Check> all() {
        return List.of(
                // Principle 1: hardware security

                // Principle 2: toolchain hardening

                // Principle 3: attack surface

                // Principle 4: untrusted input

                // Principle 5: memory management

                // Principle 6: sensitive data
                new dev.medsec.checks.sensitive.DicomPhiCheck(),
                new dev.medsec.checks.sensitive.EmptyPasswordCheck(),
                new dev.medsec.checks.sensitive.EncryptedStoreCheck(),
                new dev.medsec.checks.sensitive.FhirPhiCheck(),
                new dev.medsec.checks.sensitive.Hl7PhiCheck(),
                new dev.medsec.checks.sensitive.KeyOutsideSecureStorageCheck(),
                new dev.medsec.checks.sensitive.KeystoreTrivialPasswordCheck(),
                new dev.medsec.checks.sensitive.MultipleRootAccountsCheck(),
                new dev.medsec.checks.sensitive.PasswordHashInPasswdCheck(),
                new dev.medsec.checks.sensitive.PrivateKeyDerCheck(),
                new dev.medsec.checks.sensitive.PrivateKeyPemCheck(),
                new dev.medsec.checks.sensitive.SecretTokenCheck(),
                new dev.medsec.checks.sensitive.SqlitePhiCheck(),
                new dev.medsec.checks.sensitive.UnencryptedPhiStorageCheck(),
                new dev.medsec.checks.sensitive.WeakPasswordHashCheck()

                // Principle 7: strong cryptography
        );
    }

    /** Component catalogers, run before the checks. */
    public static List<Cataloger> catalogers() {
        return List.of(
        );
    }
}
