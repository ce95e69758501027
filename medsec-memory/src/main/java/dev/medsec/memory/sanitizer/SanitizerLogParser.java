package dev.medsec.memory.sanitizer;

import dev.medsec.memory.EvidenceException;
import dev.medsec.memory.MemoryError;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.memory.StackFrame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text reports of AddressSanitizer, LeakSanitizer and UndefinedBehaviorSanitizer (GCC and Clang
 * runtimes) into {@link MemoryError}s with their stacks. A log may hold several reports (several processes, or
 * {@code halt_on_error=0}); lines that belong to no report (the program's own output) are ignored.
 *
 * <p>Bounded: line length, number of lines, reports and frames per stack are limited.
 */
public final class SanitizerLogParser {
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_LINE = 8 * 1024;
    public static final int MAX_REPORTS = 100_000;
    public static final int MAX_FRAMES = 256;

    private static final Pattern ASAN_HEADER =
            Pattern.compile("^==\\d+==ERROR: AddressSanitizer: (\\S+)(.*)$");
    private static final Pattern LSAN_HEADER = Pattern.compile("^==\\d+==ERROR: LeakSanitizer: detected memory leaks");
    private static final Pattern LEAK =
            Pattern.compile("^(Direct|Indirect) leak of (\\d+) byte\\(s\\) in (\\d+) object\\(s\\) allocated from:");
    private static final Pattern ACCESS = Pattern.compile("^(READ|WRITE) of size (\\d+) at ");
    private static final Pattern FRAME = Pattern.compile("^\\s*#(\\d+) 0x[0-9a-fA-F]+(?: in (.*?))?(?: \\(([^()]*)\\))?\\s*$");
    private static final Pattern MODULE_ONLY = Pattern.compile("^\\s*#\\d+ 0x[0-9a-fA-F]+ \\(([^)]*)\\)\\s*$");
    private static final Pattern LOCATION = Pattern.compile("^(.*?):(\\d+)(?::(\\d+))?$");
    private static final Pattern UBSAN = Pattern.compile("^(.+?):(\\d+):(?:(\\d+):)? runtime error: (.+)$");
    private static final Pattern MODULE_OFFSET = Pattern.compile("^(.*)\\+0x[0-9a-fA-F]+$");

    private SanitizerLogParser() {
    }

    public static List<MemoryError> parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new EvidenceException("sanitizer log of " + size + " bytes exceeds the limit of " + MAX_FILE_BYTES);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    /** True when the text looks like a sanitizer log (used to recognise evidence files). */
    public static boolean looksLikeSanitizerLog(String head) {
        return head.contains("ERROR: AddressSanitizer:") || head.contains("ERROR: LeakSanitizer:")
                || head.contains(": runtime error: ");
    }

    public static List<MemoryError> parse(InputStream in) throws IOException {
        List<String> lines = readLines(in);
        List<MemoryError> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher m;
            if ((m = ASAN_HEADER.matcher(line)).find()) {
                String type = m.group(1);
                String rest = m.group(2);
                if (type.equals("attempting")) {
                    // "attempting double-free on 0x..", "attempting free on address which was not malloc()-ed"
                    String r = rest.trim();
                    int sp = r.indexOf(' ');
                    type = r.startsWith("double-free") ? "double-free" : "bad-free";
                    rest = sp < 0 ? "" : r.substring(sp);
                }
                i = parseAsan(lines, i, type, rest, out);
            } else if (LSAN_HEADER.matcher(line).find()) {
                i = parseLeaks(lines, i + 1, out);
            } else if ((m = UBSAN.matcher(line)).find()) {
                i = parseUbsan(lines, i, m, out);
            } else {
                i++;
            }
            if (out.size() > MAX_REPORTS) {
                throw new EvidenceException("more than " + MAX_REPORTS + " sanitizer reports");
            }
        }
        return out;
    }

    private static int parseAsan(List<String> lines, int start, String bugType, String rest, List<MemoryError> out)
            throws EvidenceException {
        String access = "";
        long size = 0;
        List<StackFrame> stack = List.of();
        List<StackFrame> alloc = List.of();
        List<StackFrame> free = List.of();
        String program = "";
        int i = start + 1;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("SUMMARY:") || ASAN_HEADER.matcher(line).find()
                    || LSAN_HEADER.matcher(line).find()) {
                break;
            }
            Matcher m = ACCESS.matcher(line);
            if (m.find()) {
                access = m.group(1);
                size = Long.parseLong(m.group(2));
                i++;
                continue;
            }
            if (FRAME.matcher(line).find()) {
                Frames f = readFrames(lines, i);
                if (program.isEmpty()) {
                    program = f.program;
                }
                String previous = i > 0 ? lines.get(i - 1).toLowerCase(Locale.ROOT) : "";
                if (stack.isEmpty() && !previous.contains("freed by") && !previous.contains("allocated by")) {
                    stack = f.frames;
                } else if (previous.contains("freed by")) {
                    free = f.frames;
                } else if (previous.contains("allocated by")) {
                    alloc = f.frames;
                }
                i = f.next;
                continue;
            }
            i++;
        }
        if (i < lines.size() && lines.get(i).startsWith("SUMMARY:")) {
            i++;
        }
        String what = (bugType + rest).trim();
        if (what.length() > 200) {
            what = what.substring(0, 200);
        }
        out.add(new MemoryError(classifyAsan(bugType, access), "asan", bugType, what, program, stack, alloc, free,
                List.of(), size, 0, 1));
        return i;
    }

    static MemoryErrorKind classifyAsan(String bugType, String access) {
        switch (bugType) {
            case "heap-use-after-free":
                return MemoryErrorKind.USE_AFTER_FREE;
            case "bad-free":
                return MemoryErrorKind.INVALID_FREE;
            case "double-free":
                return MemoryErrorKind.DOUBLE_FREE;
            case "alloc-dealloc-mismatch":
            case "new-delete-type-mismatch":
                return MemoryErrorKind.MISMATCHED_FREE;
            case "memcpy-param-overlap":
            case "strcpy-param-overlap":
            case "strncpy-param-overlap":
            case "strcat-param-overlap":
            case "strncat-param-overlap":
                return MemoryErrorKind.OVERLAP;
            case "negative-size-param":
            case "calloc-overflow":
            case "reallocarray-overflow":
            case "allocation-size-too-big":
            case "invalid-allocation-alignment":
            case "invalid-aligned-alloc-alignment":
            case "invalid-posix-memalign-alignment":
                return MemoryErrorKind.FISHY_ARGUMENT;
            default:
                if (bugType.endsWith("overflow") || bugType.endsWith("underflow")
                        || bugType.startsWith("stack-use-after") || bugType.equals("unknown-crash")
                        || bugType.equals("use-after-poison") || bugType.equals("dynamic-stack-buffer-overflow")) {
                    return access.equals("WRITE") ? MemoryErrorKind.INVALID_WRITE : MemoryErrorKind.INVALID_READ;
                }
                return MemoryErrorKind.OTHER;
        }
    }

    private static int parseLeaks(List<String> lines, int start, List<MemoryError> out) throws EvidenceException {
        int i = start;
        while (i < lines.size()) {
            String line = lines.get(i);
            if (line.startsWith("SUMMARY:") || ASAN_HEADER.matcher(line).find()) {
                return line.startsWith("SUMMARY:") ? i + 1 : i;
            }
            Matcher m = LEAK.matcher(line);
            if (m.find()) {
                Frames f = i + 1 < lines.size() && FRAME.matcher(lines.get(i + 1)).find()
                        ? readFrames(lines, i + 1) : new Frames(List.of(), "", i + 1);
                boolean direct = m.group(1).equals("Direct");
                out.add(new MemoryError(direct ? MemoryErrorKind.LEAK_DEFINITE : MemoryErrorKind.LEAK_INDIRECT,
                        "lsan", m.group(1) + " leak", line.trim(), f.program, f.frames, List.of(), List.of(),
                        List.of(), parseCount(m.group(2)), parseCount(m.group(3)), 1));
                if (out.size() > MAX_REPORTS) {
                    throw new EvidenceException("more than " + MAX_REPORTS + " sanitizer reports");
                }
                i = f.next;
                continue;
            }
            i++;
        }
        return i;
    }

    private static int parseUbsan(List<String> lines, int start, Matcher m, List<MemoryError> out)
            throws EvidenceException {
        String message = m.group(4).trim();
        int line = (int) Math.min(Integer.MAX_VALUE, parseCount(m.group(2)));
        StackFrame where = new StackFrame("", "", m.group(1), line);
        int i = start + 1;
        List<StackFrame> stack = new ArrayList<>();
        String program = "";
        // UBSAN_OPTIONS=print_stacktrace=1 adds a stack below the message
        if (i < lines.size() && FRAME.matcher(lines.get(i)).find()) {
            Frames f = readFrames(lines, i);
            stack.addAll(f.frames);
            program = f.program;
            i = f.next;
        }
        if (stack.isEmpty() || !stack.get(0).location().equals(where.location())) {
            stack.add(0, where);
        }
        String what = message.length() > 200 ? message.substring(0, 200) : message;
        out.add(new MemoryError(MemoryErrorKind.UNDEFINED_BEHAVIOUR, "ubsan", ubKind(message), what, program,
                stack, List.of(), List.of(), List.of(), 0, 0, 1));
        return i;
    }

    /** UBSan's message names the check that fired; this turns it into a short stable kind. */
    static String ubKind(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        String[][] table = {
                {"signed integer overflow", "signed-integer-overflow"},
                {"unsigned integer overflow", "unsigned-integer-overflow"},
                {"negation of", "signed-integer-overflow"},
                {"shift exponent", "shift-exponent"},
                {"left shift of", "shift-base"},
                {"division by zero", "integer-divide-by-zero"},
                {"division of", "signed-integer-overflow"},
                {"out of bounds for type", "bounds"},
                {"null pointer", "null"},
                {"misaligned address", "alignment"},
                {"which is not a valid value for type", "invalid-value"},
                {"pointer overflow", "pointer-overflow"},
                {"applying non-zero offset", "pointer-overflow"},
                {"reached the end of a value-returning function", "return"},
                {"execution reached an unreachable program point", "unreachable"},
                {"variable length array bound", "vla-bound"},
                {"is outside the range of representable values", "float-cast-overflow"},
                {"call to function", "function"},
                {"member call on", "vptr"},
                {"nonnull", "nonnull-attribute"},
        };
        for (String[] row : table) {
            if (m.contains(row[0])) {
                return row[1];
            }
        }
        return "undefined-behaviour";
    }

    private record Frames(List<StackFrame> frames, String program, int next) {
    }

    /** Reads consecutive "#N 0x... in fn file:line" lines starting at {@code start}. */
    private static Frames readFrames(List<String> lines, int start) throws EvidenceException {
        List<StackFrame> frames = new ArrayList<>();
        String program = "";
        int i = start;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher only = MODULE_ONLY.matcher(line);
            Matcher m = FRAME.matcher(line);
            if (!m.find()) {
                break;
            }
            if (frames.size() >= MAX_FRAMES) {
                throw new EvidenceException("stack deeper than " + MAX_FRAMES + " frames");
            }
            StackFrame f;
            if (only.find()) {
                f = new StackFrame("", module(only.group(1)), "", 0);
            } else {
                f = frame(m.group(2) == null ? "" : m.group(2), m.group(3) == null ? "" : m.group(3));
            }
            if (program.isEmpty() && f.function().equals("_start") && !f.object().isEmpty()) {
                program = f.object();
            }
            frames.add(f);
            i++;
        }
        return new Frames(frames, program, i);
    }

    /** {@code body} is what follows "in ": "main /src/a.c:8:5", "foo(int, char) a.cc:3", "_start". */
    private static StackFrame frame(String body, String module) {
        String b = body.trim();
        String object = module.isEmpty() ? "" : module(module);
        int space = b.lastIndexOf(' ');
        if (space > 0) {
            Matcher loc = LOCATION.matcher(b.substring(space + 1));
            if (loc.find()) {
                long line = parseCount(loc.group(2));
                return new StackFrame(b.substring(0, space).trim(), object, loc.group(1),
                        (int) Math.min(Integer.MAX_VALUE, line));
            }
        }
        return new StackFrame(b, object, "", 0);
    }

    private static String module(String text) {
        Matcher m = MODULE_OFFSET.matcher(text.trim());
        return m.find() ? m.group(1) : text.trim();
    }

    private static long parseCount(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // more digits than a long: clamp, the value is evidence only
        }
    }

    private static List<String> readLines(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder sb = new StringBuilder();
        int c;
        boolean truncated = false;
        while ((c = r.read()) >= 0) {
            if (c == '\n') {
                lines.add(sb.toString());
                sb.setLength(0);
                truncated = false;
            } else if (c != '\r') {
                if (sb.length() < MAX_LINE) {
                    sb.append((char) c);
                } else {
                    truncated = true;
                }
            }
            if (lines.size() > 4_000_000) {
                throw new EvidenceException("sanitizer log has too many lines");
            }
        }
        if (sb.length() > 0 || truncated) {
            lines.add(sb.toString());
        }
        return lines;
    }
}
