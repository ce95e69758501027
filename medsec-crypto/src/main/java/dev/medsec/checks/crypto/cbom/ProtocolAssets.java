package dev.medsec.checks.crypto.cbom;

import dev.medsec.code.config.SshdConfig;
import dev.medsec.code.config.TlsDirectives;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.sbom.crypto.CryptoAsset;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The protocol versions the image's TLS and SSH server configurations enable, read with the same directive
 * rules as {@code crypto.tls-weak-config} and {@code crypto.ssh-weak-algorithms}: one {@code protocol} asset per
 * version, with the configuration files and lines that enable it.
 */
final class ProtocolAssets {
    /** Versions by rank of {@link TlsDirectives#rank}: the name shown and the CycloneDX version string. */
    private static final String[][] TLS = {{"SSL 2.0", "ssl2.0"}, {"SSL 3.0", "ssl3.0"}, {"TLS 1.0", "1.0"},
            {"TLS 1.1", "1.1"}, {"TLS 1.2", "1.2"}, {"TLS 1.3", "1.3"}};
    private static final int TLS_1_2 = 4;

    private final Map<Integer, Set<String>> tlsLocations = new TreeMap<>();
    private final Map<Integer, Set<String>> tlsDirectives = new TreeMap<>();
    private final Map<Integer, Set<String>> tlsCiphers = new TreeMap<>();
    private final Set<String> sshLocations = new TreeSet<>();
    private final Set<String> sshSettings = new TreeSet<>();

    private ProtocolAssets() {
    }

    static List<CryptoAsset.Protocol> of(Image image) {
        ProtocolAssets p = new ProtocolAssets();
        for (Iterator<Artifact> it = image.files().iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            // the path test first: it is free, the type needs the file's first bytes
            Optional<TlsDirectives.Dialect> d = TlsDirectives.dialectOf(a);
            FileType t = d.isPresent() ? a.type() : FileType.NONE;
            if (t == FileType.TEXT || t == FileType.SHELL_SCRIPT || t == FileType.SCRIPT) {
                p.tls(a, d.get());
            }
        }
        for (Artifact main : image.findAll(SshdConfig.PATH)) {
            if (main.hasContent()) {
                p.ssh(image, main);
            }
        }
        return p.assets();
    }

    private void tls(Artifact a, TlsDirectives.Dialect dialect) {
        List<TlsDirectives.Directive> directives;
        try {
            directives = TlsDirectives.read(a, dialect);
        } catch (IOException e) {
            return; // reported by crypto.tls-weak-config
        }
        List<Integer> enabled = new ArrayList<>();
        List<String> ciphers = new ArrayList<>();
        for (TlsDirectives.Directive d : directives) {
            String where = a.path() + ":" + d.line() + " " + d.name() + " " + d.value();
            switch (d.meaning()) {
                case PROTOCOLS -> {
                    for (String token : d.value().split("[\\s,:]+")) {
                        int rank = TlsDirectives.rank(token);
                        if (token.equalsIgnoreCase("all")) {
                            for (int r = 0; r < TLS.length; r++) {
                                enable(r, a, where, enabled);
                            }
                        } else if (rank >= 0) {
                            enable(rank, a, where, enabled);
                        }
                    }
                }
                case MIN_PROTOCOL -> {
                    int rank = TlsDirectives.rank(d.value());
                    // a minimum enables every version from it up to the newest the library speaks
                    for (int r = Math.max(rank, 0); rank >= 0 && r < TLS.length; r++) {
                        enable(r, a, where, enabled);
                    }
                }
                case ENABLE_SSL -> {
                    String v = d.value().toLowerCase(Locale.ROOT);
                    if (v.equals("enable") || v.equals("yes") || v.equals("true")) {
                        enable(d.name().endsWith("2") ? 0 : 1, a, where, enabled);
                    }
                }
                case CIPHERS -> ciphers.add(d.value());
                default -> {
                }
            }
        }
        for (int r : enabled) {
            tlsCiphers.computeIfAbsent(r, k -> new TreeSet<>()).addAll(ciphers);
        }
    }

    private void enable(int rank, Artifact a, String where, List<Integer> enabled) {
        tlsLocations.computeIfAbsent(rank, k -> new TreeSet<>()).add(a.path());
        tlsDirectives.computeIfAbsent(rank, k -> new TreeSet<>()).add(where);
        if (!enabled.contains(rank)) {
            enabled.add(rank);
        }
    }

    private void ssh(Image image, Artifact main) {
        SshdConfig cfg;
        try {
            cfg = SshdConfig.read(image, main);
        } catch (IOException e) {
            return; // reported by crypto.ssh-weak-algorithms
        }
        sshLocations.add(main.path());
        for (String k : List.of("ciphers", "macs", "kexalgorithms", "hostkeyalgorithms")) {
            cfg.get(k).ifPresent(o -> sshSettings.add(o.path() + ":" + o.line() + " " + o.keyword() + " " + o.value()));
        }
    }

    private List<CryptoAsset.Protocol> assets() {
        List<CryptoAsset.Protocol> out = new ArrayList<>();
        for (Map.Entry<Integer, Set<String>> e : tlsLocations.entrySet()) {
            int r = e.getKey();
            Map<String, String> props = new LinkedHashMap<>();
            props.put("medsec:policy", r >= TLS_1_2 ? "approved" : "disallowed");
            props.put("medsec:policySource", "SP 800-52 r2 s3.1: TLS 1.2 or later; SSL 2.0/3.0, TLS 1.0/1.1 shall not be used");
            props.put("medsec:configuredBy", String.join("; ", tlsDirectives.get(r)));
            Set<String> ciphers = tlsCiphers.getOrDefault(r, Set.of());
            if (!ciphers.isEmpty()) {
                props.put("medsec:cipherString", String.join("; ", ciphers));
            }
            out.add(new CryptoAsset.Protocol("crypto:protocol:tls-" + TLS[r][1], TLS[r][0], "tls",
                    Optional.of(TLS[r][1]), List.of(), Optional.empty(), List.copyOf(e.getValue()), props));
        }
        if (!sshLocations.isEmpty()) {
            Map<String, String> props = new LinkedHashMap<>();
            props.put("medsec:configuredBy", sshSettings.isEmpty() ? "OpenSSH defaults (no Ciphers/MACs/KexAlgorithms set)"
                    : String.join("; ", sshSettings));
            out.add(new CryptoAsset.Protocol("crypto:protocol:ssh-2", "SSH 2.0", "ssh", Optional.of("2.0"), List.of(),
                    Optional.empty(), List.copyOf(sshLocations), props));
        }
        return out;
    }
}
