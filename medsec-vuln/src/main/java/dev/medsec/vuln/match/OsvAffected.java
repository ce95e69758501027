package dev.medsec.vuln.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.medsec.vuln.version.VersionScheme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates OSV {@code affected[].ranges} (types ECOSYSTEM and SEMVER) and {@code versions} lists for one
 * package version, with the ecosystem's own version order. GIT ranges name commits, which an image does not
 * carry, and are ignored.
 */
final class OsvAffected {
    private OsvAffected() {
    }

    /** The range that contains the version, described for evidence, and the fix if the range names one. */
    record RangeHit(String range, Optional<String> fixed) {
    }

    static Optional<RangeHit> evaluate(JsonNode affected, String version, VersionScheme scheme) {
        for (JsonNode v : affected.path("versions")) {
            if (scheme.compare(v.asText(), version) == 0) {
                return Optional.of(new RangeHit("listed version " + v.asText(), Optional.empty()));
            }
        }
        for (JsonNode range : affected.path("ranges")) {
            String type = range.path("type").asText("");
            if (!type.equals("ECOSYSTEM") && !type.equals("SEMVER")) {
                continue;
            }
            Optional<RangeHit> hit = evaluateRange(range.path("events"), version,
                    type.equals("SEMVER") ? VersionScheme.SEMVER : scheme);
            if (hit.isPresent()) {
                return hit;
            }
        }
        return Optional.empty();
    }

    private record Event(String kind, String version) {
    }

    /**
     * OSV's algorithm: walk the events in version order; "introduced" at or below the version opens the range,
     * "fixed" at or below closes it, "last_affected" strictly below closes it.
     */
    private static Optional<RangeHit> evaluateRange(JsonNode events, String version, VersionScheme scheme) {
        List<Event> list = new ArrayList<>();
        for (JsonNode e : events) {
            for (String kind : List.of("introduced", "fixed", "last_affected", "limit")) {
                if (e.hasNonNull(kind)) {
                    list.add(new Event(kind, e.get(kind).asText()));
                }
            }
        }
        list.sort((a, b) -> compareEventVersions(a.version, b.version, scheme));
        boolean affected = false;
        String introduced = null;
        Optional<String> fixed = Optional.empty();
        for (Event e : list) {
            int c = compareEventVersions(version, e.version, scheme);
            switch (e.kind) {
                case "introduced":
                    if (c >= 0) {
                        affected = true;
                        introduced = e.version;
                        fixed = Optional.empty();
                    }
                    break;
                case "fixed":
                    if (c >= 0) {
                        affected = false;
                    } else if (affected && fixed.isEmpty()) {
                        fixed = Optional.of(e.version);
                    }
                    break;
                case "last_affected":
                    if (c > 0) {
                        affected = false;
                    }
                    break;
                default:
                    if (c >= 0) {
                        affected = false;
                    }
                    break;
            }
        }
        if (!affected) {
            return Optional.empty();
        }
        String desc = ">= " + ("0".equals(introduced) ? "0 (all earlier versions)" : introduced)
                + fixed.map(f -> ", < " + f).orElse(", no fixed version");
        return Optional.of(new RangeHit(desc, fixed));
    }

    /** "0" is OSV's "before the first version" and sorts below everything. */
    private static int compareEventVersions(String a, String b, VersionScheme scheme) {
        boolean za = a.equals("0");
        boolean zb = b.equals("0");
        if (za || zb) {
            return za == zb ? 0 : za ? -1 : 1;
        }
        return scheme.compare(a, b);
    }
}
