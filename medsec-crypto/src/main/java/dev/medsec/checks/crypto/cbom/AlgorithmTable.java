package dev.medsec.checks.crypto.cbom;

import dev.medsec.sbom.crypto.CryptoAsset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The algorithms of the crypto bill of materials and the imported functions that select them, kept as data
 * ({@code algorithms.tsv}, {@code symbols.tsv}).
 */
public final class AlgorithmTable {
    /** One row of algorithms.tsv. */
    public record Definition(String name, CryptoAsset.Primitive primitive, Optional<String> mode,
                             Optional<String> padding, Optional<String> parameterSetIdentifier,
                             OptionalInt nistQuantumSecurityLevel, List<CryptoAsset.Function> functions,
                             Optional<String> oid, String policy, String source) {
    }

    /** One row of symbols.tsv. */
    public record SymbolRule(boolean prefix, String symbol, String library, Definition algorithm) {
        boolean matches(String name) {
            return prefix ? name.startsWith(symbol) : name.equals(symbol);
        }
    }

    private static final AlgorithmTable BUILT_IN = load();

    private final Map<String, Definition> byName;
    private final Map<String, Definition> byOid;
    private final Map<String, SymbolRule> exact;
    /** Longest prefix first, so "EVP_des_ede" wins over "EVP_des_". */
    private final List<SymbolRule> prefixes;

    private AlgorithmTable(Map<String, Definition> byName, List<SymbolRule> rules) {
        this.byName = byName;
        this.byOid = new HashMap<>();
        byName.values().forEach(d -> d.oid().ifPresent(o -> byOid.putIfAbsent(o, d)));
        this.exact = new HashMap<>();
        List<SymbolRule> p = new ArrayList<>();
        for (SymbolRule r : rules) {
            if (r.prefix()) {
                p.add(r);
            } else {
                exact.putIfAbsent(r.symbol(), r);
            }
        }
        p.sort(Comparator.comparingInt((SymbolRule r) -> r.symbol().length()).reversed());
        this.prefixes = List.copyOf(p);
    }

    public static AlgorithmTable builtIn() {
        return BUILT_IN;
    }

    public Optional<Definition> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Optional<Definition> byOid(String oid) {
        return Optional.ofNullable(byOid.get(oid));
    }

    /** The algorithm an imported function selects; versioned names ("MD5_Init@OPENSSL_3.0.0") keep their base. */
    public Optional<SymbolRule> lookup(String importedName) {
        String name = importedName.contains("@") ? importedName.substring(0, importedName.indexOf('@')) : importedName;
        SymbolRule r = exact.get(name);
        if (r != null) {
            return Optional.of(r);
        }
        for (SymbolRule p : prefixes) {
            if (p.matches(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static AlgorithmTable load() {
        Map<String, Definition> defs = new LinkedHashMap<>();
        for (String[] f : rows("algorithms.tsv", 10)) {
            CryptoAsset.Primitive primitive = CryptoAsset.Primitive.fromCdx(f[1])
                    .orElseThrow(() -> new IllegalStateException("algorithms.tsv: unknown primitive " + f[1]));
            List<CryptoAsset.Function> functions = new ArrayList<>();
            if (!f[6].equals("-")) {
                for (String fn : f[6].split(",")) {
                    functions.add(CryptoAsset.Function.fromCdx(fn)
                            .orElseThrow(() -> new IllegalStateException("algorithms.tsv: unknown function " + fn)));
                }
            }
            OptionalInt ql = f[5].equals("-") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(f[5]));
            if (defs.put(f[0], new Definition(f[0], primitive, opt(f[2]), opt(f[3]), opt(f[4]), ql,
                    List.copyOf(functions), opt(f[7]), f[8], f[9])) != null) {
                throw new IllegalStateException("algorithms.tsv: duplicate " + f[0]);
            }
        }
        List<SymbolRule> rules = new ArrayList<>();
        for (String[] f : rows("symbols.tsv", 4)) {
            Definition d = defs.get(f[3]);
            if (d == null) {
                throw new IllegalStateException("symbols.tsv: algorithm " + f[3] + " is not in algorithms.tsv");
            }
            rules.add(new SymbolRule(f[0].equals("prefix"), f[1], f[2], d));
        }
        return new AlgorithmTable(defs, rules);
    }

    private static Optional<String> opt(String s) {
        return s.equals("-") ? Optional.empty() : Optional.of(s);
    }

    private static List<String[]> rows(String resource, int columns) {
        try (InputStream in = AlgorithmTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing");
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != columns) {
                    throw new IllegalStateException(resource + ": bad line " + Arrays.toString(f));
                }
                out.add(f);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
