package dev.medsec.vuln.cpe;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates the {@code configurations} of an NVD CVE record for one component.
 *
 * <p>A configuration holds when its nodes hold, combined by its operator (AND, otherwise OR). A node holds when
 * its cpeMatch entries hold, combined by the node's operator, then inverted if {@code negate}. A
 * {@code vulnerable:true} entry holds for the component under test; any entry also holds when it matches a
 * platform the image or the device profile is known to have (another component's CPE, a declared hardware CPE).
 * So an AND configuration "glibc on a NetApp H300S" never matches firmware that only proves it ships glibc.
 * The component is reported only when a holding configuration has a vulnerable entry that matched it.
 */
public final class Configurations {
    private Configurations() {
    }

    /** How a record matched: the vulnerable entry that matched the component and whether platforms were needed. */
    public record Hit(CpeMatch entry, int configurationIndex, boolean platformCondition) {
    }

    public static Optional<Hit> evaluate(JsonNode configurations, Cpe component, Collection<Cpe> platforms) {
        if (configurations == null || !configurations.isArray()) {
            return Optional.empty();
        }
        int idx = 0;
        for (JsonNode config : configurations) {
            Optional<Hit> hit = evaluateConfiguration(config, component, platforms, idx++);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private static Optional<Hit> evaluateConfiguration(JsonNode config, Cpe component, Collection<Cpe> platforms,
                                                       int index) {
        boolean and = "AND".equalsIgnoreCase(config.path("operator").asText("OR"));
        JsonNode nodes = config.path("nodes");
        if (!nodes.isArray() || nodes.isEmpty()) {
            return Optional.empty();
        }
        CpeMatch vulnerableHit = null;
        boolean any = false;
        boolean all = true;
        for (JsonNode node : nodes) {
            NodeResult r = evaluateNode(node, component, platforms);
            any |= r.holds;
            all &= r.holds;
            if (r.holds && r.componentEntry != null && vulnerableHit == null) {
                vulnerableHit = r.componentEntry;
            }
        }
        boolean holds = and ? all : any;
        if (!holds || vulnerableHit == null) {
            return Optional.empty();
        }
        return Optional.of(new Hit(vulnerableHit, index, and && nodes.size() > 1));
    }

    private record NodeResult(boolean holds, CpeMatch componentEntry) {
    }

    private static NodeResult evaluateNode(JsonNode node, Cpe component, Collection<Cpe> platforms) {
        boolean and = "AND".equalsIgnoreCase(node.path("operator").asText("OR"));
        boolean negate = node.path("negate").asBoolean(false);
        boolean any = false;
        boolean all = true;
        CpeMatch componentEntry = null;
        JsonNode entries = node.path("cpeMatch");
        if (!entries.isArray() || entries.isEmpty()) {
            return new NodeResult(false, null);
        }
        for (JsonNode e : entries) {
            Optional<CpeMatch> m = parseMatch(e);
            boolean holds = false;
            if (m.isPresent()) {
                CpeMatch cm = m.get();
                if (cm.vulnerable() && cm.matches(component)) {
                    holds = true;
                    if (componentEntry == null) {
                        componentEntry = cm;
                    }
                } else {
                    for (Cpe p : platforms) {
                        if (cm.matches(p)) {
                            holds = true;
                            break;
                        }
                    }
                }
            }
            any |= holds;
            all &= holds;
        }
        boolean holds = (and ? all : any) != negate;
        // A negated node never names the component as vulnerable.
        return new NodeResult(holds, negate ? null : componentEntry);
    }

    public static Optional<CpeMatch> parseMatch(JsonNode e) {
        Optional<Cpe> c = Cpe.parse(e.path("criteria").asText(""));
        if (c.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CpeMatch(e.path("vulnerable").asBoolean(false), c.get(),
                text(e, "versionStartIncluding"), text(e, "versionStartExcluding"),
                text(e, "versionEndIncluding"), text(e, "versionEndExcluding")));
    }

    /** Every cpeMatch entry a record's configurations mark vulnerable, for the candidate index. */
    public static List<CpeMatch> vulnerableEntries(JsonNode configurations) {
        List<CpeMatch> out = new ArrayList<>();
        for (JsonNode config : configurations) {
            for (JsonNode node : config.path("nodes")) {
                for (JsonNode e : node.path("cpeMatch")) {
                    if (e.path("vulnerable").asBoolean(false)) {
                        parseMatch(e).ifPresent(out::add);
                    }
                }
            }
        }
        return out;
    }

    private static Optional<String> text(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || !v.isTextual() || v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText());
    }
}
