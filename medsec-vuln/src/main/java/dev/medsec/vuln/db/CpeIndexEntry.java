package dev.medsec.vuln.db;

import dev.medsec.vuln.cpe.Cpe;
import dev.medsec.vuln.cpe.CpeMatch;

import java.util.Optional;

/**
 * One vulnerable cpeMatch entry as indexed: enough to rule a candidate out by version before its configurations
 * are parsed (qualifiers and platform conditions are checked afterwards on the full record).
 */
public record CpeIndexEntry(String vulnId, String part, String vendor, String product, String version,
                            String update, Optional<String> startIncluding, Optional<String> startExcluding,
                            Optional<String> endIncluding, Optional<String> endExcluding) {

    public static CpeIndexEntry of(String vulnId, CpeMatch m) {
        Cpe c = m.criteria();
        return new CpeIndexEntry(vulnId, c.part(), c.vendor(), c.product(), c.version(), c.update(),
                m.startIncluding(), m.startExcluding(), m.endIncluding(), m.endExcluding());
    }

    /** A superset test of the full match: true when the version (and update) could fall under this entry. */
    public boolean mayMatch(Cpe target) {
        Cpe criteria = new Cpe(part, vendor, product, version, update, Cpe.ANY, Cpe.ANY, Cpe.ANY, Cpe.ANY, Cpe.ANY,
                Cpe.ANY);
        Cpe loose = new Cpe(target.part(), target.vendor(), target.product(), target.version(), target.update(),
                Cpe.ANY, Cpe.ANY, Cpe.ANY, Cpe.ANY, Cpe.ANY, Cpe.ANY);
        return new CpeMatch(true, criteria, startIncluding, startExcluding, endIncluding, endExcluding).matches(loose);
    }
}
