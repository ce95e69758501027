package dev.medsec.sbom.eol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.core.Component;
import dev.medsec.vuln.version.GenericPrefix;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Upstream end-of-support dates per release branch ({@code end-of-support.json}), extendable with a file of
 * the same shape given with --end-of-support ({@link dev.medsec.core.image.ScanSettings#endOfSupport()}: a device
 * maker's own supplier agreements).
 * Later entries win, so the extension can correct a built-in date.
 */
public final class EndOfSupportData {

    /** One release branch and the date its upstream stops fixing it. */
    public record Entry(List<String> names, String cycle, LocalDate eol, boolean lts, String source) {
    }

    private final List<Entry> entries;

    private EndOfSupportData(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static EndOfSupportData builtIn() {
        try (InputStream in = EndOfSupportData.class.getResourceAsStream("end-of-support.json")) {
            if (in == null) {
                throw new IllegalStateException("end-of-support.json missing from the class path");
            }
            return new EndOfSupportData(parse(new ObjectMapper().readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in data followed by the entries of {@code extra}. */
    public EndOfSupportData with(Path extra) throws IOException {
        if (Files.size(extra) > 16L * 1024 * 1024) {
            throw new IOException("end-of-support file larger than 16 MiB");
        }
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(parse(new ObjectMapper().readTree(extra.toFile())));
        return new EndOfSupportData(all);
    }

    static List<Entry> parse(JsonNode root) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (JsonNode e : root.path("entries")) {
            List<String> names = new ArrayList<>();
            e.path("names").forEach(n -> names.add(n.asText().toLowerCase(Locale.ROOT)));
            String cycle = e.path("cycle").asText("");
            String eol = e.path("eol").asText("");
            if (names.isEmpty() || cycle.isEmpty() || eol.isEmpty()) {
                throw new IOException("end-of-support entry needs names, cycle and eol: " + e);
            }
            try {
                out.add(new Entry(names, cycle, LocalDate.parse(eol), e.path("lts").asBoolean(false),
                        e.path("source").asText("")));
            } catch (java.time.format.DateTimeParseException ex) {
                throw new IOException("bad eol date '" + eol + "'", ex);
            }
        }
        return out;
    }

    /**
     * The branch entry of a component, by its name (or its source package / Maven artifactId) and the longest
     * cycle that is a version prefix of its version.
     */
    public Optional<Entry> lookup(Component c) {
        List<String> keys = new ArrayList<>();
        keys.add(c.name().toLowerCase(Locale.ROOT));
        Object src = c.evidence().get("sourcePackage");
        if (src != null) {
            keys.add(src.toString().toLowerCase(Locale.ROOT));
        }
        Entry best = null;
        for (Entry e : entries) {
            if (e.names.stream().noneMatch(keys::contains) || !GenericPrefix.hasPrefix(c.version(), e.cycle)) {
                continue;
            }
            if (best == null || e.cycle.length() >= best.cycle.length()) {
                best = e;
            }
        }
        return Optional.ofNullable(best);
    }
}
