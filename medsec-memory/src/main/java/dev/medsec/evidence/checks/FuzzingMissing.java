package dev.medsec.evidence.checks;

import dev.medsec.profile.DeviceProfile;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.SoupTreatment;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.evidence.EvidenceLoader;
import dev.medsec.evidence.EvidenceSet;
import dev.medsec.evidence.afl.FuzzCampaign;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binaries the device profile lists as parsing external input ({@code fuzzing.externalInputBinaries}) with no
 * fuzzing campaign among the scan's evidence. A campaign covers a binary when the file name of its fuzzed
 * target, its banner ({@code afl-fuzz -T NAME}) or its instance name ({@code -M/-S NAME}) is the binary's file
 * name; so a campaign on a separate harness is matched by naming it after the binary it exercises.
 * Without a profile this check reports nothing: it cannot know which binaries parse external input.
 */
@CheckInfo(id = "input.fuzzing-missing", soup = SoupTreatment.KEEP, principle = Principle.UNTRUSTED_INPUT, severity = Severity.MEDIUM,
        cwe = {20},
        summary = "A binary that parses external input has no fuzzing evidence",
        remediation = "Fuzz the binary's input parsing (e.g. AFL++ with 'afl-fuzz -T NAME' named after the binary) and"
                + " pass the output directory to the scan with --evidence.")
public final class FuzzingMissing implements ImageCheck {
    @Override
    public void inspect(Image image, Findings out) throws IOException {
        Optional<DeviceProfile> profile = DeviceProfile.of(image);
        if (profile.isEmpty() || profile.get().fuzzing().externalInputBinaries().isEmpty()) {
            return;
        }
        EvidenceSet ev = EvidenceLoader.of(image);
        Set<String> covered = new TreeSet<>();
        for (EvidenceSet.Sourced<FuzzCampaign> s : ev.fuzzing()) {
            FuzzCampaign c = s.item();
            covered.add(fileName(FuzzingFindings.target(c)));
            covered.add(fileName(c.target()));
            covered.add(c.instance());
        }
        covered.remove("");
        for (String binary : profile.get().fuzzing().externalInputBinaries()) {
            if (covered.contains(fileName(binary))) {
                continue;
            }
            List<Artifact> inImage = image.findAll(binary);
            List<String> paths = inImage.isEmpty() ? List.of(binary) : inImage.stream().map(Artifact::path).toList();
            for (String path : paths) {
                out.at(path)
                        .message("No fuzzing evidence for " + binary + ", which the device profile lists as parsing"
                                + " external input")
                        .key(binary)
                        .evidence("profileEntry", binary)
                        .evidence("inImage", !inImage.isEmpty())
                        .evidence("fuzzedTargets", List.copyOf(covered))
                        .report();
            }
        }
    }

    private static String fileName(String p) {
        if (p.isBlank()) {
            return "";
        }
        Path f = Path.of(p).getFileName();
        return f == null ? "" : f.toString();
    }
}
