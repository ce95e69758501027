package dev.medsec.checks.crypto.elf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The table of imported functions that select weak primitives, read from {@code weak-crypto-symbols.tsv}. */
public final class WeakCryptoSymbols {
    public record Entry(String family, boolean prefix, String symbol, String library, String why) {
        boolean matches(String name) {
            return prefix ? name.startsWith(symbol) : name.equals(symbol);
        }
    }

    private static final List<Entry> ENTRIES = load();
    /** First table index of each exact name, and the indexes of the prefix rows in table order. */
    private static final Map<String, Integer> EXACT = new HashMap<>();
    private static final int[] PREFIXES;

    static {
        List<Integer> prefixes = new ArrayList<>();
        for (int i = 0; i < ENTRIES.size(); i++) {
            Entry e = ENTRIES.get(i);
            if (e.prefix()) {
                prefixes.add(i);
            } else {
                EXACT.putIfAbsent(e.symbol(), i);
            }
        }
        PREFIXES = prefixes.stream().mapToInt(Integer::intValue).toArray();
    }

    private WeakCryptoSymbols() {
    }

    private static List<Entry> load() {
        try (InputStream in = WeakCryptoSymbols.class.getResourceAsStream("weak-crypto-symbols.tsv")) {
            if (in == null) {
                throw new IllegalStateException("weak-crypto-symbols.tsv missing");
            }
            List<Entry> out = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 5) {
                    throw new IllegalStateException("weak-crypto-symbols.tsv: bad line " + line);
                }
                out.add(new Entry(f[0], f[1].equals("prefix"), f[2], f[3], f[4]));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How serious using a family is, the same for a binary's imports and a source's calls: SHA-1 low (fine
     * for HMAC and legacy checks, disallowed for signatures), MD5, ECB and RSA PKCS#1 v1.5 encryption medium,
     * the broken ciphers and digests (DES/3DES, RC4, MD4, Blowfish ...) high.
     */
    public static dev.medsec.core.Severity severity(String family) {
        return switch (family) {
            case "SHA-1" -> dev.medsec.core.Severity.LOW;
            case "MD5", "ECB mode", "RSA PKCS#1 v1.5 encryption" -> dev.medsec.core.Severity.MEDIUM;
            default -> dev.medsec.core.Severity.HIGH;
        };
    }

    public static Optional<Entry> lookup(String importedName) {
        // Versioned names from some readers ("MD5_Init@OPENSSL_3.0.0") keep their base name.
        String name = importedName.contains("@") ? importedName.substring(0, importedName.indexOf('@')) : importedName;
        // The first matching row of the table wins, as a scan of the table in order would find it; the exact
        // names are one hash lookup (every import of every binary is looked up).
        Integer exact = EXACT.get(name);
        int best = exact == null ? Integer.MAX_VALUE : exact;
        for (int i : PREFIXES) {
            if (i > best) {
                break;
            }
            if (ENTRIES.get(i).matches(name)) {
                best = i;
                break;
            }
        }
        return best == Integer.MAX_VALUE ? Optional.empty() : Optional.of(ENTRIES.get(best));
    }
}
