package dev.medsec.vuln.cpe;

import dev.medsec.vuln.version.VersionScheme;

import java.util.Optional;

/**
 * One {@code cpeMatch} entry of an NVD configuration node: a criteria CPE plus an optional version range that
 * applies when the criteria's version is ANY.
 */
public record CpeMatch(boolean vulnerable, Cpe criteria, Optional<String> startIncluding,
                       Optional<String> startExcluding, Optional<String> endIncluding, Optional<String> endExcluding) {

    /** Whether {@code target} (a concrete component CPE) falls under this entry. */
    public boolean matches(Cpe target) {
        if (!criteria.part().equals(target.part()) || !criteria.vendor().equals(target.vendor())
                || !criteria.product().equals(target.product())) {
            return false;
        }
        if (!qualifierHolds(criteria.edition(), target.edition())
                || !qualifierHolds(criteria.language(), target.language())
                || !qualifierHolds(criteria.swEdition(), target.swEdition())
                || !qualifierHolds(criteria.targetSw(), target.targetSw())
                || !qualifierHolds(criteria.targetHw(), target.targetHw())
                || !qualifierHolds(criteria.other(), target.other())) {
            return false;
        }
        if (!updateHolds(criteria.update(), target.update())) {
            return false;
        }
        String cv = criteria.version();
        if (cv.equals(Cpe.ANY) || cv.equals(Cpe.NA)) {
            return inRange(target.version());
        }
        return !target.version().equals(Cpe.ANY) && VersionScheme.GENERIC.compare(cv, target.version()) == 0;
    }

    /** True when the entry carries a range (the criteria's own version is then ANY). */
    public boolean hasRange() {
        return startIncluding.isPresent() || startExcluding.isPresent() || endIncluding.isPresent()
                || endExcluding.isPresent();
    }

    /** Human-readable range for evidence, e.g. "&gt;= 3.0.0, &lt; 3.0.7". */
    public String describeRange() {
        StringBuilder sb = new StringBuilder();
        startIncluding.ifPresent(v -> sb.append(">= ").append(v));
        startExcluding.ifPresent(v -> sb.append("> ").append(v));
        endIncluding.ifPresent(v -> sb.append(sb.length() > 0 ? ", " : "").append("<= ").append(v));
        endExcluding.ifPresent(v -> sb.append(sb.length() > 0 ? ", " : "").append("< ").append(v));
        if (sb.length() == 0) {
            return criteria.version().equals(Cpe.ANY) ? "all versions" : "= " + criteria.version()
                    + (criteria.update().equals(Cpe.ANY) || criteria.update().equals(Cpe.NA) ? "" : " " + criteria.update());
        }
        return sb.toString();
    }

    private boolean inRange(String version) {
        if (!hasRange()) {
            return true;
        }
        if (version.equals(Cpe.ANY) || version.equals(Cpe.NA)) {
            // An unknown version cannot be placed in a range; reporting it would be a guess.
            return false;
        }
        VersionScheme s = VersionScheme.GENERIC;
        if (startIncluding.isPresent() && s.compare(version, startIncluding.get()) < 0) {
            return false;
        }
        if (startExcluding.isPresent() && s.compare(version, startExcluding.get()) <= 0) {
            return false;
        }
        if (endIncluding.isPresent() && s.compare(version, endIncluding.get()) > 0) {
            return false;
        }
        return endExcluding.isEmpty() || s.compare(version, endExcluding.get()) < 0;
    }

    /**
     * A criteria qualifier bound to a value (target_sw "node.js", sw_edition "lts") holds only for a component
     * known to have that value. An unknown component qualifier does not satisfy it: NVD uses these qualifiers
     * precisely to narrow a record, and a guessed match there is a false positive.
     */
    private static boolean qualifierHolds(String criteria, String target) {
        return criteria.equals(Cpe.ANY) || criteria.equals(Cpe.NA) || criteria.equals(target);
    }

    /** Update "-" means "no update"; a component without a known update has none. */
    private static boolean updateHolds(String criteria, String target) {
        if (criteria.equals(Cpe.ANY)) {
            return true;
        }
        if (criteria.equals(Cpe.NA)) {
            return target.equals(Cpe.ANY) || target.equals(Cpe.NA);
        }
        return criteria.equals(target);
    }
}
