package dev.medsec.vuln.rescore;

import dev.medsec.checks.vuln.KnownVulnerability;
import dev.medsec.core.Severity;
import dev.medsec.vuln.cpe.Cpe;
import dev.medsec.vuln.db.ExploitSignals;
import dev.medsec.vuln.db.StoredVuln;
import dev.medsec.vuln.db.VulnDatabase;
import dev.medsec.vuln.db.VulnDatabaseException;
import dev.medsec.vuln.match.Match;
import dev.medsec.vuln.match.VulnerabilityMatcher;
import dev.medsec.vuln.vex.VexDocuments;
import dev.medsec.vuln.vex.VexStatement;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Re-assesses a shipped SBOM against today's database, without the image: every component is matched exactly as
 * a scan matches it (purl through OSV, distribution packages by their distribution's advisories, CPEs through NVD
 * configurations), KEV and EPSS are attached, VEX statements are carried (the SBOM's own analysis first, then
 * the VEX documents given), and each vulnerability is marked new when the SBOM's last assessment did not list it —
 * or, with a date, when it was published or added to the KEV catalog on or after that date.
 */
public final class Rescore {
    private Rescore() {
    }

    /** One vulnerability of one component, as assessed now. */
    public record Assessed(StoredVuln vulnerability, SbomDocument.Entry entry, Match match, Severity severity,
                           Optional<String> published, Optional<ExploitSignals.Kev> kev,
                           Optional<ExploitSignals.Epss> epss, Optional<VexStatement> vex, boolean isNew) {
        public String id() {
            return vulnerability.id();
        }

        /** Resolved by VEX (not_affected or fixed): kept, at info. */
        public boolean resolved() {
            return vex.isPresent() && (vex.get().status() == VexStatement.Status.NOT_AFFECTED
                    || vex.get().status() == VexStatement.Status.FIXED);
        }
    }

    /**
     * @param resolvedSinceLast vulnerabilities the SBOM listed that no longer match (a fixed record, a withdrawn
     *                          advisory): "id ref" pairs
     */
    public record Result(SbomDocument sbom, VulnDatabase.Status database, ExploitSignals.Summary signals,
                         Optional<LocalDate> since, List<Assessed> vulnerabilities, List<String> resolvedSinceLast,
                         int componentsAffected, long matchNanos) {
        public List<Assessed> newOnes() {
            return vulnerabilities.stream().filter(Assessed::isNew).toList();
        }

        public List<Assessed> knownExploited() {
            return vulnerabilities.stream().filter(a -> a.kev().isPresent() && !a.resolved()).toList();
        }
    }

    public static Result run(SbomDocument doc, VulnDatabase db, VexDocuments vex, List<Cpe> platforms,
                             Optional<LocalDate> since) throws VulnDatabaseException {
        List<Cpe> context = new ArrayList<>(platforms);
        for (SbomDocument.Entry e : doc.entries()) {
            e.component().cpe().flatMap(Cpe::parse).ifPresent(context::add);
        }
        VexDocuments own = ownAnalysis(doc);
        ExploitSignals signals = db.exploitSignals();
        boolean haveSignals = signals.available();
        VulnerabilityMatcher matcher = new VulnerabilityMatcher(db, context);
        Set<String> listed = new HashSet<>();
        for (SbomDocument.Listed l : doc.listed()) {
            listed.add(l.id() + "\t" + l.ref());
        }
        Set<String> stillMatched = new HashSet<>();
        List<Assessed> out = new ArrayList<>();
        int affected = 0;
        long t0 = System.nanoTime();
        for (SbomDocument.Entry e : doc.entries()) {
            List<Match> matches = matcher.match(e.component());
            if (!matches.isEmpty()) {
                affected++;
            }
            for (Match m : matches) {
                StoredVuln v = m.vulnerability();
                List<String> ids = new ArrayList<>(v.aliases());
                ids.add(v.id());
                Optional<VexStatement> st = ownStatement(own, ids, e.ref()).or(() -> vex.find(ids, e.component()));
                Optional<ExploitSignals.Kev> kev = Optional.empty();
                Optional<ExploitSignals.Epss> epss = Optional.empty();
                if (haveSignals) {
                    for (String id : ids) {
                        if (id.startsWith("CVE-")) {
                            kev = kev.isPresent() ? kev : signals.kev(id);
                            epss = epss.isPresent() ? epss : signals.epss(id);
                        }
                    }
                }
                Optional<String> published = v.published().map(p -> p.length() >= 10 ? p.substring(0, 10) : p);
                boolean wasListed = ids.stream().anyMatch(id -> listed.contains(id + "\t" + e.ref()));
                ids.forEach(id -> stillMatched.add(id + "\t" + e.ref()));
                out.add(new Assessed(v, e, m, severity(v, kev, st), published, kev, epss, st,
                        since.isPresent() ? isNewSince(published, kev, since.get()) : !wasListed));
            }
        }
        long nanos = System.nanoTime() - t0;
        List<String> gone = new ArrayList<>();
        for (SbomDocument.Listed l : doc.listed()) {
            if (!stillMatched.contains(l.id() + "\t" + l.ref())) {
                gone.add(l.id() + " " + l.ref());
            }
        }
        // known exploited first, then the likelihood of exploitation, then the CVSS score
        out.sort(Comparator.comparing((Assessed a) -> a.kev().isEmpty())
                .thenComparing(a -> -a.epss().map(ExploitSignals.Epss::score).orElse(0.0))
                .thenComparing(a -> -a.vulnerability().score().orElse(0.0)).thenComparing(Assessed::severity)
                .thenComparing(a -> a.entry().component().name()).thenComparing(Assessed::id));
        return new Result(doc, db.status(), signals.summary(), since, out, gone, affected, nanos);
    }

    static boolean isNewSince(Optional<String> published, Optional<ExploitSignals.Kev> kev, LocalDate since) {
        String d = since.toString();
        return published.map(p -> p.compareTo(d) >= 0).orElse(false)
                || kev.map(k -> k.dateAdded().compareTo(d) >= 0).orElse(false);
    }

    /** The advisory's severity; at least high when exploited in the wild; info when VEX resolves it. */
    static Severity severity(StoredVuln v, Optional<ExploitSignals.Kev> kev, Optional<VexStatement> vex) {
        if (vex.isPresent() && (vex.get().status() == VexStatement.Status.NOT_AFFECTED
                || vex.get().status() == VexStatement.Status.FIXED)) {
            return Severity.INFO;
        }
        Severity s = v.severity().flatMap(KnownVulnerability::severity).orElse(Severity.HIGH);
        return kev.isPresent() && !s.atLeast(Severity.HIGH) ? Severity.HIGH : s;
    }

    private static VexDocuments ownAnalysis(SbomDocument doc) {
        if (!doc.isCycloneDx() || doc.listed().stream().allMatch(l -> l.analysisState().isEmpty())) {
            return VexDocuments.empty();
        }
        try {
            return VexDocuments.read(List.of(doc.path()));
        } catch (java.io.IOException e) {
            return VexDocuments.empty();
        }
    }

    /** The SBOM's own analysis names components by bom-ref. */
    private static Optional<VexStatement> ownStatement(VexDocuments own, List<String> ids, String ref) {
        for (VexStatement s : own.statements()) {
            if (ids.contains(s.vulnerability()) && s.products().contains(ref)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
