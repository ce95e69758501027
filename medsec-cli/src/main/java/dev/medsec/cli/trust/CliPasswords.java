package dev.medsec.cli.trust;

import dev.medsec.trust.KeyAccessException;
import dev.medsec.trust.Keys;
import dev.medsec.trust.PasswordSource;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the command line gets a key password or token PIN, in order: --password-file, the environment
 * variable MEDSEC_KEY_PASSWORD, an interactive prompt. Never a command-line argument: arguments are
 * visible to every local user in the process list.
 */
public final class CliPasswords implements PasswordSource {
    static final String ENV = "MEDSEC_KEY_PASSWORD";
    private static final long MAX_FILE_BYTES = 4096;

    private final Optional<Path> file;
    private final Map<String, String> env;

    CliPasswords(Optional<Path> file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    public static CliPasswords of(Optional<Path> file) {
        return new CliPasswords(file, System.getenv());
    }

    @Override
    public char[] password(String what) throws KeyAccessException {
        if (file.isPresent()) {
            Path f = file.get();
            try {
                if (Files.size(f) > MAX_FILE_BYTES) {
                    throw new KeyAccessException("password file " + f + " is too large");
                }
                return Keys.firstLine(Files.readAllBytes(f));
            } catch (IOException e) {
                throw new KeyAccessException("cannot read password file " + f + ": " + e.getMessage(), e);
            }
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null) {
            return fromEnv.toCharArray();
        }
        Console console = System.console();
        if (console != null) {
            char[] typed = console.readPassword("%s: ", what);
            if (typed != null) {
                return typed;
            }
        }
        throw new KeyAccessException("no " + what + ": use --password-file, " + ENV + " or run on a terminal");
    }
}
