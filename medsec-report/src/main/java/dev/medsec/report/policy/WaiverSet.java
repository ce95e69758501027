package dev.medsec.report.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.medsec.core.Finding;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;

/**
 * The waivers file ({@code --waivers FILE}, YAML):
 * <pre>
 * waivers:
 *   - check: hardening.no-x86-cet
 *     path: /usr/lib/**
 *     justification: "Arm-only product line; the x86 build is a test harness"
 *     expires: 2027-06-30
 *   - id: 3f9a0c...            # one finding, by its stable id
 *     justification: "Key is a public test vector shipped by the vendor library"
 * </pre>
 * Unknown keys are an error. Expired and unused waivers are reported, so a waiver cannot silently outlive
 * its reason.
 */
public final class WaiverSet {
    private final List<Waiver> waivers;

    private record File(List<Waiver> waivers) {
    }

    public WaiverSet(List<Waiver> waivers) {
        this.waivers = List.copyOf(waivers);
    }

    private static String where(com.fasterxml.jackson.core.JacksonException e) {
        return e.getLocation() == null ? "" : ", line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    public static WaiverSet none() {
        return new WaiverSet(List.of());
    }

    public static WaiverSet load(Path file) throws IOException {
        // YAML's own bombs: a few aliases at most (billion laughs), a bounded nesting and document size
        org.yaml.snakeyaml.LoaderOptions loader = new org.yaml.snakeyaml.LoaderOptions();
        loader.setMaxAliasesForCollections(10);
        loader.setNestingDepthLimit(32);
        loader.setCodePointLimit(4 << 20);
        loader.setAllowDuplicateKeys(false);
        ObjectMapper yaml = JsonMapper.builder(YAMLFactory.builder().loaderOptions(loader).build()).addModule(new Jdk8Module())
                .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        try (InputStream in = Files.newInputStream(file)) {
            File f = yaml.readValue(in, new TypeReference<File>() { });
            return new WaiverSet(f == null || f.waivers() == null ? List.of() : f.waivers());
        } catch (com.fasterxml.jackson.databind.exc.InvalidFormatException e) {
            throw new IOException("invalid waivers file " + file.getFileName() + where(e) + ": '" + e.getValue() + "' is not a valid "
                    + (e.getTargetType() == java.time.LocalDate.class ? "date (YYYY-MM-DD)" : e.getTargetType().getSimpleName()), e);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException("invalid waivers file " + file.getFileName() + where(e) + ": " + e.getOriginalMessage(), e);
        }
    }

    public List<Waiver> waivers() {
        return waivers;
    }

    /** Result of applying the waivers to one scan's findings. */
    public record Applied(Set<String> waivedFindingIds, List<Map<String, Object>> summary) {
    }

    public Applied apply(List<Finding> findings, LocalDate today) {
        Set<String> waived = new HashSet<>();
        List<Map<String, Object>> summary = new ArrayList<>();
        for (Waiver w : waivers) {
            boolean expired = w.expiredOn(today);
            int matched = 0;
            if (!expired) {
                for (Finding f : findings) {
                    if (w.matches(f)) {
                        waived.add(f.id());
                        matched++;
                    }
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("waiver", w.describe());
            s.put("justification", w.justification());
            w.expires().ifPresent(e -> s.put("expires", e.toString()));
            s.put("status", expired ? "expired" : matched == 0 ? "unused" : "applied");
            s.put("findings", matched);
            summary.add(s);
        }
        return new Applied(waived, summary);
    }
}
