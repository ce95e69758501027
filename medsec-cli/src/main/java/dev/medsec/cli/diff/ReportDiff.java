package dev.medsec.cli.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medsec.core.Severity;
import dev.medsec.vuln.version.VersionScheme;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What changed between two report.json files of one product: findings new, fixed, unchanged (by stable id) and
 * moved (the same check, component and evidence at another path: a file renamed or a library moved between
 * directories keeps its history instead of counting as fixed plus new), and components added, removed,
 * upgraded and downgraded.
 */
public final class ReportDiff {
    /** A finding as both reports write it. */
    public record FindingRef(String id, String check, String severity, String path, String message, String origin,
                             String previousPath) {
    }

    /** A component's change: version null on the side it is absent from. */
    public record ComponentChange(String name, String change, String oldVersion, String newVersion, String purl) {
    }

    /** @param changes vulnerabilities, services, chain-of-trust stages and hardening that changed (see SectionChanges) */
    public record Result(String oldTarget, String newTarget, List<FindingRef> added, List<FindingRef> fixed,
                         List<FindingRef> moved, List<FindingRef> unchanged, List<ComponentChange> components,
                         Map<String, Object> changes) {
        /** New findings (moved ones excluded) at or above {@code level}. */
        public long newAtLeast(Severity level) {
            return added.stream().filter(f -> Severity.parse(f.severity()).atLeast(level)).count();
        }
    }

    private ReportDiff() {
    }

    public static Result of(JsonNode older, JsonNode newer) {
        Map<String, JsonNode> oldById = byId(older);
        Map<String, JsonNode> newById = byId(newer);
        List<JsonNode> onlyOld = new ArrayList<>();
        List<JsonNode> onlyNew = new ArrayList<>();
        List<FindingRef> unchanged = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : newById.entrySet()) {
            if (oldById.containsKey(e.getKey())) {
                unchanged.add(ref(e.getValue(), null));
            } else {
                onlyNew.add(e.getValue());
            }
        }
        for (Map.Entry<String, JsonNode> e : oldById.entrySet()) {
            if (!newById.containsKey(e.getKey())) {
                onlyOld.add(e.getValue());
            }
        }
        // second pass: a finding whose path moved but whose check, component and evidence are the same
        Map<String, List<JsonNode>> oldByShape = new HashMap<>();
        for (JsonNode f : onlyOld) {
            oldByShape.computeIfAbsent(shape(f), k -> new ArrayList<>()).add(f);
        }
        List<FindingRef> added = new ArrayList<>();
        List<FindingRef> moved = new ArrayList<>();
        java.util.Set<JsonNode> pairedOld = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (JsonNode f : onlyNew) {
            List<JsonNode> candidates = oldByShape.getOrDefault(shape(f), List.of());
            JsonNode previous = candidates.stream().filter(o -> !pairedOld.contains(o)).findFirst().orElse(null);
            if (previous != null) {
                pairedOld.add(previous);
                moved.add(ref(f, previous.path("path").asText()));
            } else {
                added.add(ref(f, null));
            }
        }
        List<FindingRef> fixed = new ArrayList<>();
        for (JsonNode f : onlyOld) {
            if (!pairedOld.contains(f)) {
                fixed.add(ref(f, null));
            }
        }
        Comparator<FindingRef> order = Comparator.comparing((FindingRef f) -> Severity.parse(f.severity()))
                .thenComparing(FindingRef::check).thenComparing(FindingRef::path);
        added.sort(order);
        fixed.sort(order);
        moved.sort(order);
        return new Result(older.path("target").path("path").asText(), newer.path("target").path("path").asText(),
                added, fixed, moved, unchanged, components(older, newer), SectionChanges.of(older, newer));
    }

    private static Map<String, JsonNode> byId(JsonNode report) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode f : report.path("findings")) {
            if (!f.path("waived").asBoolean(false)) {
                out.putIfAbsent(f.path("id").asText(), f);
            }
        }
        return out;
    }

    /** What a finding is, apart from where: check, component (of a SOUP roll-up), message and evidence. */
    private static String shape(JsonNode f) {
        JsonNode ev = f.path("evidence").deepCopy();
        if (ev.isObject()) {
            // evidence that names the location moves with it
            ((com.fasterxml.jackson.databind.node.ObjectNode) ev).remove(List.of("files", "findings", "example", "line", "offset"));
        }
        String file = fileName(f.path("path").asText());
        return f.path("check").asText() + "\u0000" + f.path("origin").path("component").path("name").asText()
                + "\u0000" + f.path("message").asText().replace(f.path("path").asText(), "").replace(file, "")
                + "\u0000" + ev;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static FindingRef ref(JsonNode f, String previousPath) {
        return new FindingRef(f.path("id").asText(), f.path("check").asText(), f.path("severity").asText("info"),
                f.path("path").asText(), f.path("message").asText(), f.path("origin").path("kind").asText("unknown"),
                previousPath);
    }

    private static List<ComponentChange> components(JsonNode older, JsonNode newer) {
        Map<String, JsonNode> o = componentsByKey(older);
        Map<String, JsonNode> n = componentsByKey(newer);
        List<ComponentChange> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : n.entrySet()) {
            JsonNode now = e.getValue();
            JsonNode before = o.get(e.getKey());
            String nv = now.path("version").asText();
            if (before == null) {
                out.add(new ComponentChange(now.path("name").asText(), "added", null, nv, now.path("purl").asText(null)));
            } else if (!Objects.equals(before.path("version").asText(), nv)) {
                String ov = before.path("version").asText();
                int c = scheme(now).compare(ov, nv);
                out.add(new ComponentChange(now.path("name").asText(), c < 0 ? "upgraded" : c > 0 ? "downgraded" : "changed",
                        ov, nv, now.path("purl").asText(null)));
            }
        }
        for (Map.Entry<String, JsonNode> e : o.entrySet()) {
            if (!n.containsKey(e.getKey())) {
                JsonNode before = e.getValue();
                out.add(new ComponentChange(before.path("name").asText(), "removed", before.path("version").asText(), null,
                        before.path("purl").asText(null)));
            }
        }
        out.sort(Comparator.comparing(ComponentChange::name).thenComparing(ComponentChange::change));
        return out;
    }

    /** Components keyed by name and where they were found (source), so a version change is one change. */
    private static Map<String, JsonNode> componentsByKey(JsonNode report) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode c : report.path("components")) {
            out.putIfAbsent(c.path("name").asText() + "\u0000" + c.path("source").asText() + "\u0000"
                    + c.path("path").asText(), c);
        }
        return out;
    }

    private static VersionScheme scheme(JsonNode component) {
        String purl = component.path("purl").asText("");
        if (purl.startsWith("pkg:deb/")) {
            return VersionScheme.DEBIAN;
        }
        if (purl.startsWith("pkg:apk/")) {
            return VersionScheme.ALPINE;
        }
        if (purl.startsWith("pkg:maven/")) {
            return VersionScheme.MAVEN;
        }
        if (purl.startsWith("pkg:npm/")) {
            return VersionScheme.SEMVER;
        }
        if (purl.startsWith("pkg:pypi/")) {
            return VersionScheme.PEP440;
        }
        return VersionScheme.GENERIC;
    }
}
