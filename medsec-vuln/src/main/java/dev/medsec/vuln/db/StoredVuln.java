package dev.medsec.vuln.db;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/** An advisory as read back for matching. */
public record StoredVuln(String id, String source, String modified, Optional<String> severity,
                         Optional<Double> score, List<String> cwes, List<String> aliases, String summary,
                         JsonNode data, Optional<String> published) {
    public StoredVuln {
        cwes = List.copyOf(cwes);
        aliases = List.copyOf(aliases);
        published = published == null ? Optional.empty() : published;
    }

    public StoredVuln(String id, String source, String modified, Optional<String> severity, Optional<Double> score,
                      List<String> cwes, List<String> aliases, String summary, JsonNode data) {
        this(id, source, modified, severity, score, cwes, aliases, summary, data, Optional.empty());
    }
}
