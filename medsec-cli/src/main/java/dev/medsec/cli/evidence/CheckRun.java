package dev.medsec.cli.evidence;

import dev.medsec.core.Finding;
import dev.medsec.core.ScanError;
import dev.medsec.core.check.Check;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs image checks outside the scan engine (the memcheck and evidence commands have no image to unpack) and
 * gathers what they report, each check through a collector with its own metadata.
 */
public final class CheckRun {
    private final List<Finding> findings = new ArrayList<>();
    private final List<ScanError> errors = new ArrayList<>();
    private final Map<String, Object> sections = new LinkedHashMap<>();

    public CheckRun run(List<? extends Check> checks, Image image) {
        for (Check c : checks) {
            if (!(c instanceof ImageCheck)) {
                continue;
            }
            ImageCheck check = (ImageCheck) c;
            FindingCollector out = new FindingCollector(CheckMetadata.of(check));
            try {
                check.inspect(image, out);
            } catch (IOException | RuntimeException e) {
                out.error(new ScanError(image.target(), ScanError.Stage.CHECK,
                        CheckMetadata.of(check).id() + ": " + e));
            }
            add(out);
        }
        return this;
    }

    public CheckRun add(FindingCollector out) {
        findings.addAll(out.findings());
        errors.addAll(out.errors());
        sections.putAll(out.sections());
        return this;
    }

    public CheckRun error(ScanError e) {
        errors.add(e);
        return this;
    }

    public List<Finding> findings() {
        return findings;
    }

    public List<ScanError> errors() {
        return errors;
    }

    public Map<String, Object> sections() {
        return sections;
    }
}
