package dev.medsec.checks.sensitive;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Private keys that upstream projects publish in their sources and compile into their libraries (self-test and
 * FIPS known-answer keys). They protect nothing, so finding them is information, not a leaked secret. The
 * table ({@code known-test-keys.tsv}) is keyed by the SHA-256 of the key's PKCS#8 encoding.
 */
public final class KnownTestKeys {
    private static final Map<String, String> KEYS = load();

    private KnownTestKeys() {
    }

    public static Optional<String> describe(PrivateKeyInfoSummary key) {
        return key.digest().map(KEYS::get);
    }

    private static Map<String, String> load() {
        Map<String, String> out = new HashMap<>();
        try (InputStream in = KnownTestKeys.class.getResourceAsStream("known-test-keys.tsv")) {
            if (in == null) {
                throw new IllegalStateException("missing resource known-test-keys.tsv");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", 2);
                if (f.length != 2 || !f[0].matches("[0-9a-f]{64}")) {
                    throw new IllegalStateException("known-test-keys.tsv: bad line: " + line);
                }
                out.put(f[0], f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
