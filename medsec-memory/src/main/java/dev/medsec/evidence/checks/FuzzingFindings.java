package dev.medsec.evidence.checks;

import dev.medsec.core.check.FindingBuilder;
import dev.medsec.core.check.Findings;
import dev.medsec.core.image.Image;
import dev.medsec.evidence.EvidencePaths;
import dev.medsec.evidence.EvidenceSet;
import dev.medsec.evidence.afl.FuzzCampaign;
import dev.medsec.evidence.afl.FuzzInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the fuzzing checks share: where a campaign's target is in the image, and the report section. */
final class FuzzingFindings {
    private FuzzingFindings() {
    }

    /** The fuzzed program: afl_banner, or the first word after "--" in afl-fuzz's command line. */
    static String target(FuzzCampaign c) {
        if (!c.target().isBlank()) {
            return c.target();
        }
        String[] words = c.commandLine().trim().split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (words[i].equals("--")) {
                return words[i + 1];
            }
        }
        return "";
    }

    static void reportInput(Image image, EvidenceSet.Sourced<FuzzCampaign> s, FuzzInput input, String what,
                            Findings out) {
        FuzzCampaign c = s.item();
        String path = EvidencePaths.forProgram(image, target(c), s.evidence());
        FindingBuilder b = out.at(path)
                .message(what + " found by AFL++ (" + c.instance() + "): input " + input.name()
                        + ", SHA-256 " + input.sha256())
                .key(input.sha256())
                .evidence("fuzzer", "AFL++" + (c.aflVersion().isEmpty() ? "" : " " + c.aflVersion()))
                .evidence("instance", c.instance())
                .evidence("input", input.name())
                .evidence("sha256", input.sha256())
                .evidence("size", input.size())
                .evidence("evidence", s.evidence());
        if (input.signal() > 0) {
            b.evidence("signal", input.signal());
        }
        b.report();
    }

    /** The principle 4 "fuzzing" section of report.json: one entry per fuzzer instance, plus totals. */
    static Map<String, Object> section(Image image, List<EvidenceSet.Sourced<FuzzCampaign>> campaigns) {
        List<Map<String, Object>> list = new ArrayList<>();
        long execs = 0;
        long crashes = 0;
        long hangs = 0;
        for (EvidenceSet.Sourced<FuzzCampaign> s : campaigns) {
            FuzzCampaign c = s.item();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fuzzer", "AFL++");
            m.put("version", c.aflVersion());
            m.put("instance", c.instance());
            m.put("target", EvidencePaths.forProgram(image, target(c), s.evidence()));
            m.put("evidence", s.evidence());
            m.put("execs", c.execs());
            m.put("runTimeSeconds", c.runTimeSeconds());
            m.put("corpusSize", c.corpusCount());
            if (c.stabilityPercent() >= 0) {
                m.put("stabilityPercent", c.stabilityPercent());
            }
            if (c.coveragePercent() >= 0) {
                m.put("bitmapCoveragePercent", c.coveragePercent());
            }
            m.put("uniqueCrashes", c.crashes().size());
            m.put("uniqueHangs", c.hangs().size());
            list.add(m);
            execs += c.execs();
            crashes += c.crashes().size();
            hangs += c.hangs().size();
        }
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("principle", 4);
        section.put("campaigns", list);
        section.put("totalExecs", execs);
        section.put("uniqueCrashes", crashes);
        section.put("uniqueHangs", hangs);
        return section;
    }
}
