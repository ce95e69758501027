package dev.medsec.vuln.db;

import java.util.List;
import java.util.Optional;

/**
 * What the database keeps of one advisory: identity, dates, severity, and the part matching needs ({@code data}:
 * the NVD configurations or the OSV affected list, as compact JSON).
 *
 * @param source     "nvd" or "osv"
 * @param modified   the record's lastModified / modified, compared as text (ISO-8601, UTC)
 * @param products   the vulnerable cpeMatch entries of the NVD configurations, for the candidate index
 * @param packages   (ecosystem, name) pairs an OSV record names; ecosystem as written ("Debian:12", "Maven")
 */
public record VulnRecord(String id, String source, String modified, Optional<String> published, String status,
                         String summary, Optional<String> severity, Optional<Double> score, List<String> cwes,
                         List<String> aliases, String data, List<CpeIndexEntry> products,
                         List<List<String>> packages) {
    public VulnRecord {
        cwes = List.copyOf(cwes);
        aliases = List.copyOf(aliases);
        products = List.copyOf(products);
        packages = List.copyOf(packages);
    }
}
