package dev.medsec.vuln.db;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.io.input.BoundedInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Imports NVD CVE API 2.0 JSON (bare {@code cve} objects, or API pages and yearly feeds wrapped as
 * {@code {"vulnerabilities":[{"cve":...}]}}) and OSV records (single JSON files, or an ecosystem's
 * {@code all.zip}), plain, gzip or xz, from files or directory trees.
 *
 * <p>Streaming: a wrapped feed is read one advisory at a time with Jackson's streaming parser, so memory
 * stays bounded by the largest single advisory, not by the feed. A malformed advisory is recorded and skipped.
 */
public final class FeedImporter {
    /** One advisory larger than this is refused (real ones are below 2 MiB). */
    static final int MAX_RECORD_BYTES = 32 * 1024 * 1024;
    /** At most this many per-record problems are kept in the result; the count is always exact. */
    private static final int MAX_PROBLEMS_KEPT = 100;

    private final ObjectMapper mapper;
    private final JsonFactory factory;

    public FeedImporter() {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64).maxStringLength(MAX_RECORD_BYTES).build())
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    /** Counters of one import run. */
    public static final class Result {
        private long files;
        private long records;
        private long inserted;
        private long updated;
        private long unchanged;
        private long problems;
        private final List<String> problemList = new ArrayList<>();
        /** totalResults of the last NVD API page read, -1 when absent. */
        private long totalResults = -1;
        private long kevEntries;
        private long epssScores;

        public long kevEntries() {
            return kevEntries;
        }

        public long epssScores() {
            return epssScores;
        }

        public long files() {
            return files;
        }

        public long records() {
            return records;
        }

        public long inserted() {
            return inserted;
        }

        public long updated() {
            return updated;
        }

        public long unchanged() {
            return unchanged;
        }

        public long problems() {
            return problems;
        }

        public List<String> problemList() {
            return List.copyOf(problemList);
        }

        public long totalResults() {
            return totalResults;
        }

        /** Adds another run's counters to this one. */
        public void add(Result o) {
            files += o.files;
            records += o.records;
            inserted += o.inserted;
            updated += o.updated;
            unchanged += o.unchanged;
            problems += o.problems;
            kevEntries += o.kevEntries;
            epssScores += o.epssScores;
            for (String p : o.problemList) {
                if (problemList.size() < MAX_PROBLEMS_KEPT) {
                    problemList.add(p);
                }
            }
            totalResults = o.totalResults;
        }

        void problem(String where, String message) {
            problems++;
            if (problemList.size() < MAX_PROBLEMS_KEPT) {
                problemList.add(where + ": " + message);
            }
        }

        void count(VulnDatabase.Upsert u) {
            records++;
            switch (u) {
                case INSERTED:
                    inserted++;
                    break;
                case UPDATED:
                    updated++;
                    break;
                default:
                    unchanged++;
                    break;
            }
        }

        @Override
        public String toString() {
            return files + " files, " + records + " records (" + inserted + " new, " + updated + " updated, "
                    + unchanged + " unchanged)" + (kevEntries > 0 ? ", " + kevEntries + " KEV entries" : "")
                    + (epssScores > 0 ? ", " + epssScores + " EPSS scores" : "") + ", " + problems + " problems";
        }
    }

    /** Imports every feed file under {@code paths}; refreshes the snapshot id once at the end. */
    public Result importPaths(List<Path> paths, VulnDatabase db, Consumer<String> progress) throws IOException {
        Result result = new Result();
        try (VulnDatabase.Writer w = db.writer()) {
            for (Path p : paths) {
                if (Files.isDirectory(p)) {
                    List<Path> files;
                    try (Stream<Path> s = Files.walk(p)) {
                        files = s.filter(Files::isRegularFile).filter(FeedImporter::isFeedFile).sorted().toList();
                    }
                    for (Path f : files) {
                        importAny(f, db, w, result, progress);
                    }
                } else if (Files.isRegularFile(p)) {
                    importAny(p, db, w, result, progress);
                } else {
                    throw new IOException("no such file or directory: " + p);
                }
            }
        }
        return result;
    }

    static boolean isFeedFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".json.gz") || n.endsWith(".json.xz") || n.endsWith(".zip")
                || n.endsWith(".csv") || n.endsWith(".csv.gz");
    }

    /** A KEV catalog or an EPSS score file goes to the exploitation signals; anything else is an advisory feed. */
    private void importAny(Path f, VulnDatabase db, VulnDatabase.Writer w, Result result, Consumer<String> progress)
            throws IOException {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".zip") || n.endsWith(".xz")) {
            importFile(f, w, result, progress);
            return;
        }
        java.util.Optional<ExploitSignals.Feed> feed;
        try (InputStream in = decompressed(f)) {
            feed = ExploitSignals.sniff(in.readNBytes(4096));
        }
        if (feed.isEmpty()) {
            importFile(f, w, result, progress);
            return;
        }
        result.files++;
        List<String> problems = new ArrayList<>();
        w.flush();
        try (InputStream in = decompressed(f)) {
            if (feed.get() == ExploitSignals.Feed.KEV) {
                long k = db.exploitSignals().importKev(in, f.getFileName().toString(), problems);
                result.kevEntries += k;
                progress.accept(f.getFileName() + ": " + k + " KEV entries");
            } else {
                long e = db.exploitSignals().importEpss(in, f.getFileName().toString(), problems);
                result.epssScores += e;
                progress.accept(f.getFileName() + ": " + e + " EPSS scores");
            }
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            result.problem(f.getFileName().toString(), "not valid JSON: " + e.getOriginalMessage());
        }
        for (String p : problems) {
            result.problem(f.getFileName().toString(), p);
        }
    }

    private static InputStream decompressed(Path f) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
        return f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private void importFile(Path f, VulnDatabase.Writer w, Result result, Consumer<String> progress)
            throws IOException {
        result.files++;
        long before = result.records;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            importStream(in, f.getFileName().toString(), w, result);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            result.problem(f.getFileName().toString(), "not valid JSON: " + e.getOriginalMessage());
        }
        progress.accept(f.getFileName() + ": " + (result.records - before) + " records");
    }

    /**
     * Imports one feed from a stream named {@code name} (its suffix selects gzip, xz or zip). Used by files and by
     * the downloader.
     */
    public void importStream(InputStream raw, String name, RecordSink w, Result result) throws IOException {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".zip")) {
            importZip(raw, name, w, result);
            return;
        }
        InputStream in = raw;
        if (n.endsWith(".gz")) {
            in = new GZIPInputStream(raw, 1 << 16);
        } else if (n.endsWith(".xz")) {
            in = new XZInputStream(raw);
        }
        importJson(in, name, w, result);
    }

    private void importZip(InputStream raw, String name, RecordSink w, Result result) throws IOException {
        ZipInputStream zip = new ZipInputStream(raw);
        ZipEntry e;
        while ((e = zip.getNextEntry()) != null) {
            if (e.isDirectory() || !e.getName().toLowerCase(Locale.ROOT).endsWith(".json")) {
                continue;
            }
            InputStream entry = BoundedInputStream.builder().setInputStream(zip).setMaxCount(MAX_RECORD_BYTES + 1L)
                    .setPropagateClose(false).get();
            try {
                importJson(entry, name + "!" + e.getName(), w, result);
            } catch (com.fasterxml.jackson.core.JacksonException ex) {
                result.problem(name + "!" + e.getName(), "not valid JSON: " + ex.getOriginalMessage());
            }
        }
    }

    private void importJson(InputStream in, String where, RecordSink w, Result result) throws IOException {
        try (JsonParser p = factory.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    store(mapper.readTree(p), where, w, result);
                }
                if (t != JsonToken.END_ARRAY) {
                    result.problem(where, "array element is not an advisory object");
                }
                return;
            }
            if (first != JsonToken.START_OBJECT) {
                result.problem(where, "not a JSON object");
                return;
            }
            // Fields are read one at a time: "vulnerabilities" is streamed, anything else is kept as the fields
            // of a bare record (a single advisory, small).
            ObjectNode bare = mapper.createObjectNode();
            boolean wrapped = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("vulnerabilities") && t == JsonToken.START_ARRAY) {
                    wrapped = true;
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode item = mapper.readTree(p);
                        store(item.has("cve") ? item.get("cve") : item, where, w, result);
                    }
                } else if (field.equals("totalResults") && t == JsonToken.VALUE_NUMBER_INT) {
                    result.totalResults = p.getLongValue();
                } else {
                    bare.set(field, mapper.readTree(p));
                }
            }
            if (!wrapped) {
                store(bare, where, w, result);
            }
        }
    }

    private void store(JsonNode node, String where, RecordSink w, Result result) throws IOException {
        try {
            VulnRecord r;
            if (NvdRecords.looksLikeNvd(node)) {
                r = NvdRecords.from(node);
            } else if (OsvRecords.looksLikeOsv(node)) {
                r = OsvRecords.from(node);
            } else {
                result.problem(where, "neither an NVD CVE record nor an OSV record");
                return;
            }
            result.count(w.put(r));
        } catch (MalformedRecordException e) {
            result.problem(where, e.getMessage());
        }
    }
}
