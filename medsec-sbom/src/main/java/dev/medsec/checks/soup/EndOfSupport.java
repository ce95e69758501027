package dev.medsec.checks.soup;

import dev.medsec.core.Component;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;
import dev.medsec.sbom.eol.EndOfSupportData;
import dev.medsec.sbom.eol.SupportLevel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Components whose upstream release branch is no longer supported at the scan's reference time. Components of a
 * distribution's package database are left out: their support is the distribution release's (Debian LTS keeps
 * fixing OpenSSL 1.1.1 in bullseye), not upstream's.
 */
@CheckInfo(id = "soup.end-of-support", soup = SoupTreatment.KEEP, principle = Principle.ATTACK_SURFACE, severity = Severity.MEDIUM,
        cwe = {1104, 1329},
        summary = "A third-party component's release branch is past its end of support",
        remediation = "Move to a supported release branch of the component, or document a support agreement "
                + "(extended support contract) in the device's SOUP list and end-of-support file.")
public final class EndOfSupport implements ImageCheck {
    private static final Set<String> DISTRO_SOURCES = Set.of("dpkg", "apk", "rpm");

    @Override
    public void inspect(Image image, Findings out) throws IOException {
        EndOfSupportData data = EndOfSupportData.builtIn();
        String extra = image.settings().endOfSupport().map(Path::toString).orElse(null);
        if (extra != null && !extra.isBlank()) {
            try {
                data = data.with(Path.of(extra));
            } catch (IOException e) {
                out.error(extra, "cannot read end-of-support file: " + e.getMessage());
            }
        }
        LocalDate today = LocalDate.ofInstant(image.settings().now(), ZoneOffset.UTC);
        // every component's level of support, for the report and the HTML report (an FDA SBOM element)
        List<Map<String, Object>> support = new ArrayList<>();
        for (Component c : image.components()) {
            Optional<EndOfSupportData.Entry> e = data.lookup(c);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", c.name());
            row.put("version", c.version());
            row.put("path", c.path());
            row.put("supportLevel", SupportLevel.of(c, e, today));
            row.put("endOfSupport", e.map(x -> x.eol().toString()).orElse(""));
            row.put("dataSource", e.map(EndOfSupportData.Entry::source).orElse(""));
            support.add(row);
        }
        if (!support.isEmpty()) {
            out.section("componentSupport", support);
        }
        for (Component c : image.components()) {
            if (DISTRO_SOURCES.contains(c.source())) {
                continue;
            }
            EndOfSupportData d = data;
            d.lookup(c).filter(e -> e.eol().isBefore(today)).ifPresent(e -> out.at(c.path())
                    .message(c.name() + " " + c.version() + " is on the " + e.cycle() + " branch, unsupported since "
                            + e.eol())
                    .key(c.name() + "@" + c.version())
                    .evidence("component", c.name())
                    .evidence("version", c.version())
                    .evidence("branch", e.cycle())
                    .evidence("endOfSupport", e.eol().toString())
                    .evidence("dataSource", e.source())
                    .severity(e.eol().plusYears(2).isBefore(today) ? Severity.HIGH : Severity.MEDIUM)
                    .report());
        }
    }
}
