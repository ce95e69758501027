package dev.medsec.report.triage;

import dev.medsec.core.Component;
import dev.medsec.core.Finding;
import dev.medsec.core.Origin;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.Fingerprints;
import dev.medsec.core.check.SoupTreatment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the checks' findings into the ones a device maker acts on: every finding gets the origin of its file;
 * the severity follows the context (a distribution's build flags are at most low, CET is info on a platform that
 * does not enforce it, "home-made crypto" is about the maker's own code); and the findings of one check on the
 * files of one SOUP component become one finding, whose evidence lists the files — one SOUP decision instead of
 * a thousand lines about how Debian builds its packages. First-party and unknown findings stay one per file.
 */
public final class FindingTriage {
    /** Files listed in a roll-up's evidence; the count says how many there are in all. */
    static final int LISTED_FILES = 25;

    /**
     * Components that implement cryptography or checksums as their purpose: finding "home-made" primitives in
     * them is finding what they are for. Matched on the component's name and its source package.
     */
    private static final Pattern CRYPTO_OR_CHECKSUM = Pattern.compile(
            "openssl|libssl.*|libcrypto.*|gnutls.*|libgnutls.*|nettle|libnettle.*|libhogweed.*|libgcrypt.*"
                    + "|mbedtls|libmbed.*|wolfssl|libwolfssl.*|libsodium.*|libxcrypt|libcrypt\\d*|libmd\\d*|libtomcrypt.*"
                    + "|libtommath.*|botan.*|libbotan.*|libcrypto\\+\\+.*|nss|libnss3|libkcapi.*|boringssl|libressl"
                    + "|bcprov.*|bcpkix.*|bouncycastle.*|libgpg-error.*|gnupg.*|gpgv|libk5crypto.*|libb2.*|rhash|librhash.*"
                    + "|xxhash|libxxhash.*|coreutils|busybox|cryptsetup.*|libcryptsetup.*|openssh.*|dropbear.*|libssh.*"
                    + "|linux-kernel|linux-image.*|linux");

    private final Function<String, Origin> originOfPath;
    private final Function<Finding, java.util.Optional<Component>> namedComponent;
    private final Map<String, CheckMetadata> checks;
    private final Set<String> enforced;

    /**
     * @param originOfPath   the origin of an image path
     * @param namedComponent the cataloged component a finding names in its evidence (known vulnerabilities)
     * @param checks         metadata of every check, by id
     * @param enforced       platform protections the device profile says are enforced (ibt, shadow-stack, bti, pac)
     */
    public FindingTriage(Function<String, Origin> originOfPath, Function<Finding, java.util.Optional<Component>> namedComponent,
                         Map<String, CheckMetadata> checks, Set<String> enforced) {
        this.originOfPath = originOfPath;
        this.namedComponent = namedComponent;
        this.checks = Map.copyOf(checks);
        this.enforced = Set.copyOf(enforced);
    }

    /** Counts of what the triage did, for the report section "triage" and the console. */
    public record Result(List<Finding> findings, Map<String, Object> summary) {
    }

    public Result apply(List<Finding> raw) {
        List<Finding> own = new ArrayList<>();
        Map<String, List<Finding>> groups = new TreeMap<>();
        int dropped = 0;
        Map<String, int[]> perCheck = new TreeMap<>();
        for (Finding f0 : raw) {
            Finding f = f0.withOrigin(originOf(f0));
            CheckMetadata meta = checks.get(f.checkId());
            SoupTreatment treatment = meta == null ? SoupTreatment.KEEP : meta.soup();
            f = platformSeverity(f, meta);
            perCheck.computeIfAbsent(f.checkId(), k -> new int[2])[0]++;
            if (!f.origin().isSoup() || treatment == SoupTreatment.KEEP) {
                own.add(f);
                continue;
            }
            Component c = f.origin().component().orElseThrow();
            switch (treatment) {
                case ROLL_UP_AT_MOST_LOW -> f = atMost(f, Severity.LOW, "built by the component's supplier (SOUP): "
                        + "a rebuild-or-accept decision, at most low");
                case OWN_CODE_ONLY -> {
                    if (isCryptoOrChecksum(c)) {
                        dropped++;
                        continue;
                    }
                    f = f.withSeverity(Severity.INFO, "in a third-party component (SOUP), not the device maker's own "
                            + "cryptography: an inventory note");
                }
                default -> {
                }
            }
            groups.computeIfAbsent(componentKey(c) + "\u0000" + f.checkId(), k -> new ArrayList<>()).add(f);
        }
        List<Finding> out = new ArrayList<>(own);
        Set<String> components = new TreeSet<>();
        int rolledUpFiles = 0;
        for (List<Finding> g : groups.values()) {
            Component c = g.get(0).origin().component().orElseThrow();
            components.add(componentKey(c));
            Finding r = g.size() == 1 ? single(g.get(0)) : rollUp(g, checks.get(g.get(0).checkId()));
            rolledUpFiles += g.size();
            out.add(r);
        }
        for (Finding f : out) {
            perCheck.computeIfAbsent(f.checkId(), k -> new int[2])[1]++;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        long ownCount = out.stream().filter(f -> f.origin().isOwnCode()).count();
        summary.put("ownCodeFindings", ownCount);
        summary.put("firstPartyFindings", out.stream().filter(f -> f.origin().kind() == Origin.Kind.FIRST_PARTY).count());
        summary.put("unknownOriginFindings", out.stream().filter(f -> f.origin().kind() == Origin.Kind.UNKNOWN).count());
        summary.put("soupFindings", out.size() - ownCount);
        summary.put("soupComponentsWithFindings", components.size());
        summary.put("soupFindingsRolledUp", rolledUpFiles);
        summary.put("droppedInCryptoLibraries", dropped);
        Map<String, Object> checksSummary = new TreeMap<>();
        perCheck.forEach((id, n) -> checksSummary.put(id, Map.of("checked", n[0], "reported", n[1])));
        summary.put("byCheck", checksSummary);
        return new Result(out, summary);
    }

    private Origin originOf(Finding f) {
        Origin o = originOfPath.apply(f.path());
        if (o.kind() == Origin.Kind.UNKNOWN) {
            java.util.Optional<Component> named = namedComponent.apply(f);
            if (named.isPresent()) {
                return Origin.soup(named.get(), "named by the finding");
            }
        }
        return o;
    }

    private Finding platformSeverity(Finding f, CheckMetadata meta) {
        if (meta == null || meta.infoUnlessPlatformEnforces().isEmpty()
                || meta.infoUnlessPlatformEnforces().stream().anyMatch(enforced::contains)) {
            return f;
        }
        return f.withSeverity(Severity.INFO, "the device profile does not say the platform enforces "
                + String.join(" or ", meta.infoUnlessPlatformEnforces()) + " (platform.enforces)");
    }

    private static Finding atMost(Finding f, Severity cap, String reason) {
        return f.severity().atLeast(cap) && f.severity() != cap ? f.withSeverity(cap, reason) : f;
    }

    static boolean isCryptoOrChecksum(Component c) {
        if (CRYPTO_OR_CHECKSUM.matcher(c.name().toLowerCase(Locale.ROOT)).matches()) {
            return true;
        }
        Object src = c.evidence().get("sourcePackage");
        return src != null && CRYPTO_OR_CHECKSUM.matcher(src.toString().toLowerCase(Locale.ROOT)).matches();
    }

    /** Two copies of one package (installed, and its .deb in the image) are one component. */
    static String componentKey(Component c) {
        return c.name() + "\u0000" + c.version();
    }

    /**
     * A SOUP finding alone for its (component, check): kept as it is, with its component in the evidence and the
     * id of the (component, version, check), so that it keeps its id when a second file of the component joins it.
     */
    private static Finding single(Finding f) {
        Component c = f.origin().component().orElseThrow();
        Map<String, Object> ev = new TreeMap<>(f.evidence());
        ev.putIfAbsent("component", c.name());
        ev.putIfAbsent("componentVersion", c.version());
        return new Finding(rollUpId(f.checkId(), c), f.checkId(), f.principle(), f.severity(), f.cwe(), f.path(),
                f.message(), ev, f.remediation(), f.origin());
    }

    static String rollUpId(String checkId, Component c) {
        return Fingerprints.of(checkId, "soup:" + c.name(), c.version());
    }

    /**
     * One finding for the files of one component: id stable per (check, component, version), the highest
     * severity of its files, the first file as its location, the files and counts in evidence.
     */
    private static Finding rollUp(List<Finding> g, CheckMetadata meta) {
        g = new ArrayList<>(g);
        g.sort(Comparator.comparing(Finding::severity).thenComparing(Finding::path));
        Finding first = g.get(0);
        Component c = first.origin().component().orElseThrow();
        TreeSet<String> files = new TreeSet<>();
        Map<String, Integer> bySeverity = new TreeMap<>();
        for (Finding f : g) {
            files.add(f.path());
            bySeverity.merge(f.severity().label(), 1, Integer::sum);
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("component", c.name());
        ev.put("componentVersion", c.version());
        c.purl().ifPresent(p -> ev.put("purl", p));
        ev.put("fileCount", files.size());
        ev.put("findingCount", g.size());
        ev.put("files", files.stream().limit(LISTED_FILES).toList());
        ev.put("bySeverity", bySeverity);
        // several findings on one file (each sysctl rule of one config file) keep their messages
        ev.put("findings", g.stream().limit(LISTED_FILES).map(f -> Map.of("path", f.path(), "message", f.message())).toList());
        Object reason = first.evidence().get("severityReason");
        if (reason != null) {
            ev.put("severityReason", reason);
            ev.put("checkSeverity", first.evidence().getOrDefault("checkSeverity", first.severity().label()));
        }
        String summary = meta != null ? meta.summary() : first.message();
        String message = c.name() + " " + c.version() + " (SOUP): " + lowerFirst(summary) + " — "
                + files.size() + (files.size() == 1 ? " file" : " files");
        String remediation = "SOUP decision for " + c.name() + " " + c.version() + ": rebuild it so that it meets "
                + "this check (" + first.remediation() + "), upgrade to a build or version that does, or accept it "
                + "with a justification in the SOUP risk assessment (a waiver of this finding's id).";
        return new Finding(rollUpId(first.checkId(), c), first.checkId(), first.principle(), first.severity(), first.cwe(), first.path(), message,
                ev, remediation, first.origin());
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1)) ? s
                : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }
}
