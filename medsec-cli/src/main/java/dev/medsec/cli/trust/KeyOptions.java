package dev.medsec.cli.trust;

import dev.medsec.trust.KeyAccessException;
import dev.medsec.trust.KeyRef;
import dev.medsec.trust.Keys;
import dev.medsec.trust.PrivateKeyHandle;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** The private key options shared by sign and unseal. */
final class KeyOptions {
    @Option(names = "--key", required = true, paramLabel = "KEYREF",
            description = "pkcs12:PATH, or an RFC 7512 pkcs11: URI (pkcs11:token=LABEL;object=LABEL?module-path=LIB&pin-source=file:PINFILE).")
    String key;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "File whose first line is the PKCS#12 password or token PIN (else MEDSEC_KEY_PASSWORD, else a prompt).")
    Path passwordFile;

    PrivateKeyHandle open() throws KeyAccessException {
        return Keys.open(KeyRef.parse(key), CliPasswords.of(Optional.ofNullable(passwordFile)));
    }
}
