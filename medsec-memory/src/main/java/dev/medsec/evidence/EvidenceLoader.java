package dev.medsec.evidence;

import dev.medsec.evidence.afl.AflOutputParser;
import dev.medsec.evidence.sarif.CppcheckXmlParser;
import dev.medsec.evidence.sarif.SarifParser;
import dev.medsec.memory.MemoryError;
import dev.medsec.memory.sanitizer.SanitizerLogParser;
import dev.medsec.memory.valgrind.ValgrindXmlParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the evidence files of a scan ({@code --evidence}): each file or directory is recognised by its content
 * (Valgrind XML, sanitizer log, AFL++ output directory, SARIF, cppcheck XML); a directory that is not AFL++
 * output is searched one level deep for evidence files. One unreadable file is a {@link EvidenceSet.Problem},
 * never the end of the scan.
 *
 * <p>Several checks read the same evidence; {@link #of(dev.medsec.core.image.Image)} parses it once per scan and
 * shares the set through the image (no process-wide memo: two scans in one JVM never share a stale set).
 */
public final class EvidenceLoader {
    private static final int HEAD_BYTES = 4096;
    private static final int MAX_DIR_ENTRIES = 10_000;
    private static final dev.medsec.core.image.ImageKey<EvidenceSet> EVIDENCE =
            dev.medsec.core.image.ImageKey.of("evidence", image -> load(image.settings().evidence()));

    private EvidenceLoader() {
    }

    /** The scan's --evidence, read once per scan. */
    public static EvidenceSet of(dev.medsec.core.image.Image image) {
        return image.shared(EVIDENCE);
    }

    public static EvidenceSet load(List<Path> evidence) {
        if (evidence.isEmpty()) {
            return EvidenceSet.empty();
        }
        return read(evidence);
    }

    /** Reads without memoising. */
    public static EvidenceSet read(List<Path> evidence) {
        Accumulator acc = new Accumulator();
        for (Path p : evidence) {
            String name = p.toString();
            try {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !AflOutputParser.isAflOutput(p)) {
                    readDirectory(p, name, acc);
                } else {
                    readOne(p, name, acc, true);
                }
            } catch (IOException | RuntimeException e) {
                acc.problems.add(new EvidenceSet.Problem(name, describe(e)));
            }
        }
        return new EvidenceSet(acc.memory, acc.fuzzing, acc.analyzers, acc.problems);
    }

    public static EvidenceFormat detect(Path p) throws IOException {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return AflOutputParser.isAflOutput(p) ? EvidenceFormat.AFL_OUTPUT : EvidenceFormat.UNKNOWN;
        }
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            return EvidenceFormat.UNKNOWN;
        }
        String head = head(p);
        if (head.contains("<valgrindoutput")) {
            return EvidenceFormat.VALGRIND_XML;
        }
        if (CppcheckXmlParser.looksLikeCppcheck(head)) {
            return EvidenceFormat.CPPCHECK_XML;
        }
        String trimmed = head.stripLeading();
        if (trimmed.startsWith("{") && SarifParser.looksLikeSarif(head)) {
            return EvidenceFormat.SARIF;
        }
        if (SanitizerLogParser.looksLikeSanitizerLog(head) || sanitizerFurtherIn(p)) {
            return EvidenceFormat.SANITIZER_LOG;
        }
        return EvidenceFormat.UNKNOWN;
    }

    private static void readDirectory(Path dir, String name, Accumulator acc) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path e : ds) {
                if (entries.size() >= MAX_DIR_ENTRIES) {
                    throw new IOException("more than " + MAX_DIR_ENTRIES + " entries");
                }
                entries.add(e);
            }
        }
        entries.sort(null);
        boolean any = false;
        for (Path e : entries) {
            String child = name + "/" + e.getFileName();
            try {
                any |= readOne(e, child, acc, false);
            } catch (IOException | RuntimeException ex) {
                acc.problems.add(new EvidenceSet.Problem(child, describe(ex)));
            }
        }
        if (!any) {
            acc.problems.add(new EvidenceSet.Problem(name, "no evidence file recognised in this directory"));
        }
    }

    /** Returns false for an unrecognised file when {@code strict} is off (a directory's stray file). */
    private static boolean readOne(Path p, String name, Accumulator acc, boolean strict) throws IOException {
        EvidenceFormat f = detect(p);
        switch (f) {
            case VALGRIND_XML:
                for (MemoryError e : ValgrindXmlParser.parse(p).errors()) {
                    acc.memory.add(new EvidenceSet.Sourced<>(name, e));
                }
                return true;
            case SANITIZER_LOG:
                for (MemoryError e : SanitizerLogParser.parse(p)) {
                    acc.memory.add(new EvidenceSet.Sourced<>(name, e));
                }
                return true;
            case AFL_OUTPUT:
                AflOutputParser.parse(p).forEach(c -> acc.fuzzing.add(new EvidenceSet.Sourced<>(name, c)));
                return true;
            case SARIF:
                SarifParser.parse(p).forEach(r -> acc.analyzers.add(new EvidenceSet.Sourced<>(name, r)));
                return true;
            case CPPCHECK_XML:
                CppcheckXmlParser.parse(p).forEach(r -> acc.analyzers.add(new EvidenceSet.Sourced<>(name, r)));
                return true;
            default:
                if (strict) {
                    throw new IOException(Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                            ? "not a recognised evidence format (Valgrind XML, ASan/LSan/UBSan log, AFL++ output"
                            + " directory, SARIF, cppcheck XML)"
                            : "no such file or directory");
                }
                return false;
        }
    }

    private static String head(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(HEAD_BYTES), StandardCharsets.UTF_8);
        }
    }

    /**
     * A sanitizer report may follow pages of the program's own output; look for its marker in the first MiB
     * (bounded), so that a test log with a late report is still recognised.
     */
    private static boolean sanitizerFurtherIn(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = in.readNBytes(1024 * 1024);
            return SanitizerLogParser.looksLikeSanitizerLog(new String(buf, StandardCharsets.ISO_8859_1));
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static final class Accumulator {
        final List<EvidenceSet.Sourced<MemoryError>> memory = new ArrayList<>();
        final List<EvidenceSet.Sourced<dev.medsec.evidence.afl.FuzzCampaign>> fuzzing = new ArrayList<>();
        final List<EvidenceSet.Sourced<dev.medsec.evidence.sarif.AnalyzerResult>> analyzers = new ArrayList<>();
        final List<EvidenceSet.Problem> problems = new ArrayList<>();
    }
}
