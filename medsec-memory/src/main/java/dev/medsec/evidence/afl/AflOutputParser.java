package dev.medsec.evidence.afl;

import dev.medsec.memory.EvidenceException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an AFL++ output directory ({@code afl-fuzz -o DIR}): each instance's {@code fuzzer_stats} and the inputs
 * in its {@code crashes/} and {@code hangs/}. Symbolic links are never followed; counts, sizes and line lengths
 * are bounded.
 */
public final class AflOutputParser {
    public static final int MAX_INSTANCES = 256;
    public static final int MAX_INPUTS = 10_000;
    public static final long MAX_STATS_BYTES = 64 * 1024;
    /** AFL++ inputs are at most 1 MiB by default; anything far larger is not an AFL++ input. */
    public static final long MAX_INPUT_BYTES = 64L * 1024 * 1024;

    private static final Pattern SIGNAL = Pattern.compile("(?:^|,)sig:(\\d{1,3})(?:,|$)");

    private AflOutputParser() {
    }

    /** True when {@code dir} is an AFL++ output directory or one instance of it. */
    public static boolean isAflOutput(Path dir) throws IOException {
        return !instances(dir).isEmpty();
    }

    public static List<FuzzCampaign> parse(Path dir) throws IOException {
        List<Path> instances = instances(dir);
        if (instances.isEmpty()) {
            throw new EvidenceException("no fuzzer_stats in " + dir.getFileName() + " or its instance directories");
        }
        List<FuzzCampaign> out = new ArrayList<>();
        for (Path inst : instances) {
            out.add(parseInstance(inst));
        }
        return out;
    }

    private static List<Path> instances(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        if (Files.isRegularFile(dir.resolve("fuzzer_stats"), LinkOption.NOFOLLOW_LINKS)) {
            return List.of(dir);
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        && Files.isRegularFile(p.resolve("fuzzer_stats"), LinkOption.NOFOLLOW_LINKS)) {
                    if (out.size() >= MAX_INSTANCES) {
                        throw new EvidenceException("more than " + MAX_INSTANCES + " fuzzer instances");
                    }
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    static FuzzCampaign parseInstance(Path inst) throws IOException {
        Map<String, String> s = readStats(inst.resolve("fuzzer_stats"));
        List<FuzzInput> crashes = inputs(inst.resolve("crashes"));
        List<FuzzInput> hangs = inputs(inst.resolve("hangs"));
        return new FuzzCampaign(inst.getFileName().toString(), s.getOrDefault("afl_banner", ""),
                s.getOrDefault("command_line", ""), s.getOrDefault("afl_version", ""),
                number(s, "execs_done"), number(s, "run_time"), number(s, "corpus_count"),
                percent(s, "stability"), percent(s, "bitmap_cvg"), crashes, hangs);
    }

    /** "key : value" lines. */
    static Map<String, String> readStats(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_STATS_BYTES) {
            throw new EvidenceException("fuzzer_stats of " + size + " bytes is not an AFL++ stats file");
        }
        Map<String, String> out = new HashMap<>();
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                out.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        if (!out.containsKey("execs_done")) {
            throw new EvidenceException(file.getParent().getFileName() + "/fuzzer_stats has no execs_done");
        }
        return out;
    }

    private static long number(Map<String, String> s, String key) throws EvidenceException {
        String v = s.getOrDefault(key, "0");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new EvidenceException("fuzzer_stats " + key + " is not a number: '" + clip(v) + "'", e);
        }
    }

    private static double percent(Map<String, String> s, String key) throws EvidenceException {
        String v = s.get(key);
        if (v == null) {
            return -1;
        }
        String t = v.endsWith("%") ? v.substring(0, v.length() - 1) : v;
        try {
            double d = Double.parseDouble(t);
            if (!(d >= 0 && d <= 100)) {
                throw new EvidenceException("fuzzer_stats " + key + " out of range: '" + clip(v) + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new EvidenceException("fuzzer_stats " + key + " is not a percentage: '" + clip(v) + "'", e);
        }
    }

    private static List<FuzzInput> inputs(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                // AFL++ writes README.txt beside the inputs; inputs are named id:NNNNNN,...
                if (n.startsWith("id:") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (files.size() >= MAX_INPUTS) {
                        throw new EvidenceException("more than " + MAX_INPUTS + " inputs in " + dir.getFileName());
                    }
                    files.add(p);
                }
            }
        }
        files.sort(null);
        List<FuzzInput> out = new ArrayList<>();
        for (Path p : files) {
            String name = p.getFileName().toString();
            Matcher m = SIGNAL.matcher(name);
            int sig = m.find() ? Integer.parseInt(m.group(1)) : 0;
            out.add(new FuzzInput(name, sha256(p), Files.size(p), sig));
        }
        return out;
    }

    private static String sha256(Path p) throws IOException {
        long size = Files.size(p);
        if (size > MAX_INPUT_BYTES) {
            throw new EvidenceException(p.getFileName() + " is " + size + " bytes, larger than any fuzz input");
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String clip(String v) {
        return v.length() > 40 ? v.substring(0, 40) : v;
    }
}
