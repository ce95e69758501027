package dev.medsec.memory.valgrind;

import dev.medsec.memory.EvidenceException;
import dev.medsec.memory.MemoryError;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.memory.SafeXml;
import dev.medsec.memory.StackFrame;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming parser of Valgrind's memcheck XML (protocol version 4, {@code --xml=yes}).
 *
 * <p>Security: the file comes from a program under test or from someone else's CI, so it is hostile input. DTDs
 * are refused outright (no DOCTYPE means no entity of any kind, internal or external), no external resource is
 * ever fetched, and the parse is bounded: file size, number of errors, frames per stack, element depth and text
 * length all have limits; exceeding one is an {@link EvidenceException}, never an unbounded allocation.
 */
public final class ValgrindXmlParser {
    /** A full test suite under Valgrind writes a few MiB; 256 MiB is far beyond any real file. */
    public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;
    public static final int MAX_ERRORS = 100_000;
    public static final int MAX_FRAMES = 256;
    public static final int MAX_DEPTH = 32;
    public static final int MAX_TEXT = 16 * 1024;

    private static final Pattern INSIDE_FREED =
            Pattern.compile("is (\\d+) bytes? inside a block of size (\\d+) free'd");
    private static final Pattern ACCESS_SIZE = Pattern.compile("of size (\\d+)");

    private ValgrindXmlParser() {
    }

    /** Parses a file; a truncated file yields what was complete, with {@link ValgrindOutput#complete()} false. */
    public static ValgrindOutput parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new EvidenceException("Valgrind XML of " + size + " bytes exceeds the limit of " + MAX_FILE_BYTES);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public static ValgrindOutput parse(InputStream in) throws EvidenceException {
        XMLStreamReader r;
        try {
            r = SafeXml.inputFactory().createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw new EvidenceException("not an XML document: " + e.getMessage(), e);
        }
        Builder b = new Builder();
        try {
            b.read(r);
            return b.result(true);
        } catch (XMLStreamException e) {
            if (b.sawRoot && isPrematureEnd(e)) {
                return b.result(false);
            }
            throw new EvidenceException("malformed Valgrind XML: " + e.getMessage(), e);
        } finally {
            try {
                r.close();
            } catch (XMLStreamException ignored) {
                // closing a reader over a stream we own cannot lose data
            }
        }
    }

    private static boolean isPrematureEnd(XMLStreamException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return m.contains("premature end") || m.contains("must end") || m.contains("end of file")
                || m.contains("xml document structures must start and end") || m.contains("eof");
    }

    /** Mutable state of one parse; never escapes. */
    private static final class Builder {
        boolean sawRoot;
        String program = "";
        final List<String> args = new ArrayList<>();
        final List<RawError> raw = new ArrayList<>();
        final Map<String, Long> counts = new HashMap<>();

        void read(XMLStreamReader r) throws XMLStreamException, EvidenceException {
            int depth = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD) {
                    throw new EvidenceException("DOCTYPE declarations are not allowed in Valgrind XML");
                }
                if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new EvidenceException("entity reference '&" + r.getLocalName() + ";' refused");
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    if (ev == XMLStreamConstants.END_ELEMENT) {
                        depth--;
                    }
                    continue;
                }
                depth++;
                if (depth > MAX_DEPTH) {
                    throw new EvidenceException("XML nested deeper than " + MAX_DEPTH);
                }
                String name = r.getLocalName();
                if (depth == 1) {
                    if (!name.equals("valgrindoutput")) {
                        throw new EvidenceException("root element is <" + name + ">, not <valgrindoutput>");
                    }
                    sawRoot = true;
                } else if (depth == 2 && name.equals("error")) {
                    if (raw.size() >= MAX_ERRORS) {
                        throw new EvidenceException("more than " + MAX_ERRORS + " errors");
                    }
                    raw.add(readError(r));
                    depth--;
                } else if (depth == 2 && name.equals("args")) {
                    readArgs(r);
                    depth--;
                } else if (depth == 2 && name.equals("errorcounts")) {
                    readCounts(r);
                    depth--;
                }
            }
        }

        private void readArgs(XMLStreamReader r) throws XMLStreamException, EvidenceException {
            boolean inArgv = false;
            int depth = 1;
            while (depth > 0 && r.hasNext()) {
                int ev = r.next();
                checkEvent(r, ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    String n = r.getLocalName();
                    if (n.equals("argv")) {
                        inArgv = true;
                    } else if (inArgv && n.equals("exe")) {
                        program = text(r);
                        depth--;
                    } else if (inArgv && n.equals("arg")) {
                        if (args.size() < MAX_FRAMES) {
                            args.add(text(r));
                        } else {
                            text(r);
                        }
                        depth--;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (r.getLocalName().equals("argv")) {
                        inArgv = false;
                    }
                }
            }
        }

        private void readCounts(XMLStreamReader r) throws XMLStreamException, EvidenceException {
            int depth = 1;
            String count = null;
            String unique = null;
            while (depth > 0 && r.hasNext()) {
                int ev = r.next();
                checkEvent(r, ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String n = r.getLocalName();
                    if (n.equals("count")) {
                        count = text(r);
                    } else if (n.equals("unique")) {
                        unique = text(r);
                    } else {
                        depth++;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (r.getLocalName().equals("pair") && count != null && unique != null) {
                        counts.put(unique, parseLong(count));
                    }
                    if (r.getLocalName().equals("pair")) {
                        count = null;
                        unique = null;
                    }
                }
            }
        }

        private RawError readError(XMLStreamReader r) throws XMLStreamException, EvidenceException {
            RawError e = new RawError();
            String pendingAux = "";
            int depth = 1;
            while (depth > 0 && r.hasNext()) {
                int ev = r.next();
                checkEvent(r, ev);
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    continue;
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String n = r.getLocalName();
                switch (n) {
                    case "unique":
                        e.unique = text(r);
                        break;
                    case "kind":
                        e.kind = text(r);
                        break;
                    case "what":
                        e.what = text(r);
                        break;
                    case "auxwhat":
                        pendingAux = text(r);
                        e.aux.add(pendingAux);
                        break;
                    case "xwhat":
                        readXwhat(r, e);
                        break;
                    case "stack":
                        List<StackFrame> frames = readStack(r);
                        if (e.stack == null) {
                            e.stack = frames;
                        } else {
                            e.auxStacks.add(new AuxStack(pendingAux, frames));
                        }
                        pendingAux = "";
                        break;
                    default:
                        skip(r);
                        break;
                }
            }
            return e;
        }

        private void readXwhat(XMLStreamReader r, RawError e) throws XMLStreamException, EvidenceException {
            int depth = 1;
            while (depth > 0 && r.hasNext()) {
                int ev = r.next();
                checkEvent(r, ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String n = r.getLocalName();
                    if (n.equals("text")) {
                        e.what = text(r);
                    } else if (n.equals("leakedbytes")) {
                        e.bytes = parseLong(text(r));
                    } else if (n.equals("leakedblocks")) {
                        e.blocks = parseLong(text(r));
                    } else {
                        skip(r);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }

        private List<StackFrame> readStack(XMLStreamReader r) throws XMLStreamException, EvidenceException {
            List<StackFrame> frames = new ArrayList<>();
            int depth = 1;
            while (depth > 0 && r.hasNext()) {
                int ev = r.next();
                checkEvent(r, ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    if (r.getLocalName().equals("frame")) {
                        StackFrame f = readFrame(r);
                        if (frames.size() >= MAX_FRAMES) {
                            throw new EvidenceException("stack deeper than " + MAX_FRAMES + " frames");
                        }
                        frames.add(f);
                    } else {
                        skip(r);
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return frames;
        }

        private StackFrame readFrame(XMLStreamReader r) throws XMLStreamException, EvidenceException {
            String fn = "";
            String obj = "";
            String file = "";
            int line = 0;
            int depth = 1;
            while (depth > 0 && r.hasNext()) {
                int ev = r.next();
                checkEvent(r, ev);
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    switch (r.getLocalName()) {
                        case "fn":
                            fn = text(r);
                            break;
                        case "obj":
                            obj = text(r);
                            break;
                        case "file":
                            file = text(r);
                            break;
                        case "line":
                            long l = parseLong(text(r));
                            line = l > Integer.MAX_VALUE ? 0 : (int) l;
                            break;
                        default:
                            skip(r);
                            break;
                    }
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
            return new StackFrame(fn, obj, file, line);
        }

        ValgrindOutput result(boolean complete) {
            List<MemoryError> errors = new ArrayList<>();
            for (RawError e : raw) {
                if (e.kind == null || e.stack == null) {
                    continue; // cut off mid-error by a truncated file
                }
                long repeats = counts.getOrDefault(e.unique == null ? "" : e.unique, 1L);
                errors.add(e.toError(program, Math.max(1, repeats)));
            }
            return new ValgrindOutput(program, args, errors, complete);
        }
    }

    private record AuxStack(String description, List<StackFrame> frames) {
    }

    private static final class RawError {
        String unique;
        String kind;
        String what = "";
        long bytes;
        long blocks;
        List<StackFrame> stack;
        final List<String> aux = new ArrayList<>();
        final List<AuxStack> auxStacks = new ArrayList<>();

        MemoryError toError(String program, long occurrences) {
            List<StackFrame> alloc = List.of();
            List<StackFrame> free = List.of();
            List<StackFrame> origin = List.of();
            for (AuxStack s : auxStacks) {
                if (s.description().contains("free'd")) {
                    free = s.frames();
                } else if (s.description().contains("alloc'd")) {
                    alloc = s.frames();
                } else if (s.description().startsWith("Uninitialised value was created")) {
                    origin = s.frames();
                }
            }
            long size = bytes;
            if (size == 0) {
                Matcher m = ACCESS_SIZE.matcher(what);
                if (m.find()) {
                    size = parseLongOrZero(m.group(1));
                }
            }
            return new MemoryError(classify(), "valgrind", kind, what, program, stack, alloc, free, origin,
                    size, blocks, occurrences);
        }

        private MemoryErrorKind classify() {
            boolean insideFreed = aux.stream().anyMatch(a -> INSIDE_FREED.matcher(a).find());
            switch (kind) {
                case "Leak_DefinitelyLost":
                    return MemoryErrorKind.LEAK_DEFINITE;
                case "Leak_IndirectlyLost":
                    return MemoryErrorKind.LEAK_INDIRECT;
                case "Leak_PossiblyLost":
                    return MemoryErrorKind.LEAK_POSSIBLE;
                case "Leak_StillReachable":
                    return MemoryErrorKind.STILL_REACHABLE;
                case "InvalidRead":
                    return insideFreed ? MemoryErrorKind.USE_AFTER_FREE : MemoryErrorKind.INVALID_READ;
                case "InvalidWrite":
                    return insideFreed ? MemoryErrorKind.USE_AFTER_FREE : MemoryErrorKind.INVALID_WRITE;
                case "InvalidFree":
                    // freeing an address inside an already freed block is a double free
                    return insideFreed ? MemoryErrorKind.DOUBLE_FREE : MemoryErrorKind.INVALID_FREE;
                case "MismatchedFree":
                    return MemoryErrorKind.MISMATCHED_FREE;
                case "UninitValue":
                    return MemoryErrorKind.UNINITIALISED_VALUE;
                case "UninitCondition":
                    return MemoryErrorKind.UNINITIALISED_CONDITION;
                case "SyscallParam":
                    if (insideFreed) {
                        return MemoryErrorKind.USE_AFTER_FREE;
                    }
                    return what.contains("uninitialised") ? MemoryErrorKind.UNINITIALISED_VALUE
                            : MemoryErrorKind.OTHER;
                case "Overlap":
                    return MemoryErrorKind.OVERLAP;
                case "FishyValue":
                    return MemoryErrorKind.FISHY_ARGUMENT;
                default:
                    return MemoryErrorKind.OTHER;
            }
        }
    }

    private static void checkEvent(XMLStreamReader r, int ev) throws EvidenceException {
        if (ev == XMLStreamConstants.DTD) {
            throw new EvidenceException("DOCTYPE declarations are not allowed in Valgrind XML");
        }
        if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new EvidenceException("entity reference '&" + r.getLocalName() + ";' refused");
        }
    }

    /** Text content of the current element, bounded; leaves the reader on its end tag. */
    private static String text(XMLStreamReader r) throws XMLStreamException, EvidenceException {
        StringBuilder sb = new StringBuilder();
        while (r.hasNext()) {
            int ev = r.next();
            checkEvent(r, ev);
            if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA
                    || ev == XMLStreamConstants.SPACE) {
                if (sb.length() + r.getTextLength() > MAX_TEXT) {
                    throw new EvidenceException("text longer than " + MAX_TEXT + " characters");
                }
                sb.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            } else if (ev == XMLStreamConstants.START_ELEMENT) {
                throw new EvidenceException("unexpected <" + r.getLocalName() + "> inside a text element");
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                return sb.toString().trim();
            }
        }
        throw new XMLStreamException("premature end of file");
    }

    /** Skips the current element and its children, bounded by depth. */
    private static void skip(XMLStreamReader r) throws XMLStreamException, EvidenceException {
        int depth = 1;
        while (depth > 0 && r.hasNext()) {
            int ev = r.next();
            checkEvent(r, ev);
            if (ev == XMLStreamConstants.START_ELEMENT) {
                depth++;
                if (depth > MAX_DEPTH) {
                    throw new EvidenceException("XML nested deeper than " + MAX_DEPTH);
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        if (depth > 0) {
            throw new XMLStreamException("premature end of file");
        }
    }

    private static long parseLong(String s) throws EvidenceException {
        String t = s.trim();
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new EvidenceException("not a number: '" + (t.length() > 40 ? t.substring(0, 40) : t) + "'", e);
        }
    }

    private static long parseLongOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
