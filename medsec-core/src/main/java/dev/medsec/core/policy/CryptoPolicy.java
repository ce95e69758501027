package dev.medsec.core.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The algorithm policy (NIST SP 800-131A r2, SP 800-52 r2, FIPS 140-3) as data: one row per algorithm name
 * with its status and the source of that status, read from {@code crypto-policy.tsv}. Every check that judges an
 * algorithm — TLS and SSH configurations, certificates, FIT image hashes and signature keys — judges against
 * this one table, so a policy change is a data change.
 */
public final class CryptoPolicy {
    public enum Status {
        APPROVED, NOT_FIPS, DEPRECATED, DISALLOWED;

        /** Statuses that produce findings. */
        public boolean isWeak() {
            return this == DEPRECATED || this == DISALLOWED;
        }
    }

    public enum Kind {
        PROTOCOL, SSH_CIPHER, SSH_MAC, SSH_KEX, SSH_HOSTKEY, TLS_CIPHER_TOKEN, DIGEST, KEY
    }

    public record Rule(Kind kind, String name, Status status, String source) {
    }

    /** A weak element found in a configured list. */
    public record Verdict(String configured, Rule rule) {
    }

    private static final CryptoPolicy DEFAULT = load();

    private final Map<Kind, Map<String, Rule>> rules;

    private CryptoPolicy(Map<Kind, Map<String, Rule>> rules) {
        this.rules = rules;
    }

    public static CryptoPolicy standard() {
        return DEFAULT;
    }

    private static CryptoPolicy load() {
        try (InputStream in = CryptoPolicy.class.getResourceAsStream("crypto-policy.tsv")) {
            if (in == null) {
                throw new IllegalStateException("crypto-policy.tsv missing from the class path");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CryptoPolicy parse(List<String> lines) {
        Map<Kind, Map<String, Rule>> rules = new HashMap<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 4 || f[3].isBlank()) {
                throw new IllegalStateException("crypto-policy.tsv line " + n + ": need kind, name, status, source");
            }
            Kind kind = Kind.valueOf(f[0].toUpperCase(Locale.ROOT).replace('-', '_'));
            Status status = Status.valueOf(f[2].toUpperCase(Locale.ROOT).replace('-', '_'));
            Rule r = new Rule(kind, f[1], status, f[3]);
            if (rules.computeIfAbsent(kind, k -> new HashMap<>()).put(f[1], r) != null) {
                throw new IllegalStateException("crypto-policy.tsv line " + n + ": duplicate " + f[1]);
            }
        }
        return new CryptoPolicy(rules);
    }

    public Optional<Rule> rule(Kind kind, String name) {
        return Optional.ofNullable(rules.getOrDefault(kind, Map.of()).get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /**
     * A digest's rule; an algorithm the table does not name is not approved (a FIT "crc16" or a made-up name is
     * weak by default, never silently strong).
     */
    public Rule digest(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        return rule(Kind.DIGEST, n).or(() -> rule(Kind.DIGEST, n.replace("-", "")))
                .orElse(new Rule(Kind.DIGEST, n, Status.DISALLOWED, "not in the algorithm policy"));
    }

    /** The rule a key of {@code family} ("rsa", "dsa", "ec") and {@code bits} breaks, if it breaks one. */
    public Optional<Rule> weakKey(String family, int bits) {
        String f = family.trim().toLowerCase(Locale.ROOT);
        for (Rule r : rules.getOrDefault(Kind.KEY, Map.of()).values()) {
            int lt = r.name().indexOf('<');
            if (lt > 0 && r.name().substring(0, lt).equals(f) && bits < Integer.parseInt(r.name().substring(lt + 1))
                    && r.status().isWeak()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The smallest acceptable size of a key of {@code family}, per the table (0 when it names none). */
    public int minimumKeyBits(String family) {
        String f = family.trim().toLowerCase(Locale.ROOT);
        int min = 0;
        for (Rule r : rules.getOrDefault(Kind.KEY, Map.of()).values()) {
            int lt = r.name().indexOf('<');
            if (lt > 0 && r.name().substring(0, lt).equals(f)) {
                min = Math.max(min, Integer.parseInt(r.name().substring(lt + 1)));
            }
        }
        return min;
    }

    public List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        rules.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    /** Weak names of a comma-separated algorithm list (OpenSSH syntax; a leading +, ^ or - modifier is handled). */
    public List<Verdict> judgeList(Kind kind, String list) {
        String v = list.trim();
        if (v.startsWith("-")) {
            return List.of();
        }
        if (v.startsWith("+") || v.startsWith("^")) {
            v = v.substring(1);
        }
        List<Verdict> out = new ArrayList<>();
        for (String name : v.split(",")) {
            rule(kind, name).filter(r -> r.status().isWeak()).ifPresent(r -> out.add(new Verdict(name.trim(), r)));
        }
        return out;
    }

    /** Weak protocol names among whitespace/comma separated protocol names (nginx, mosquitto, stunnel...). */
    public List<Verdict> judgeProtocols(String protocols) {
        List<Verdict> out = new ArrayList<>();
        for (String p : protocols.split("[\\s,:]+")) {
            String name = p.replace("\"", "").replace("'", "").trim();
            if (name.startsWith("!") || name.startsWith("-")) {
                continue;
            }
            rule(Kind.PROTOCOL, normaliseProtocol(name)).filter(r -> r.status().isWeak())
                    .ifPresent(r -> out.add(new Verdict(name, r)));
        }
        return out;
    }

    /** "TLSv1" "TLS1" "tlsv1.0" "TLSv1_1" "SSLv3" to the table's spelling. */
    public static String normaliseProtocol(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '.');
        if (n.startsWith("tls") && !n.startsWith("tlsv")) {
            n = "tlsv" + n.substring(3);
        }
        if (n.startsWith("ssl") && !n.startsWith("sslv")) {
            n = "sslv" + n.substring(3);
        }
        return n;
    }

    /**
     * Weak elements of an OpenSSL cipher string ("HIGH:!aNULL:RC4-SHA"). Excluded tokens (!, -) are ignored;
     * each included token and each dash-separated part of a suite name is looked up.
     */
    public List<Verdict> judgeOpenSslCipherString(String cipherString) {
        List<Verdict> out = new ArrayList<>();
        for (String token : cipherString.replace("\"", "").replace("'", "").split("[:,\\s]+")) {
            if (token.isEmpty() || token.startsWith("!") || token.startsWith("-")) {
                continue;
            }
            String t = token.startsWith("+") ? token.substring(1) : token;
            Optional<Rule> whole = rule(Kind.TLS_CIPHER_TOKEN, t);
            if (whole.isPresent()) {
                whole.filter(r -> r.status().isWeak()).ifPresent(r -> out.add(new Verdict(token, r)));
                continue;
            }
            for (String part : t.split("[-+_]")) {
                Optional<Rule> r = rule(Kind.TLS_CIPHER_TOKEN, part).filter(x -> x.status().isWeak());
                if (r.isPresent()) {
                    out.add(new Verdict(token, r.get()));
                    break;
                }
            }
        }
        return out;
    }
}
