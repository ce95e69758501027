package dev.medsec.evidence.sarif;

import dev.medsec.core.Severity;
import dev.medsec.memory.EvidenceException;
import dev.medsec.memory.SafeXml;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads cppcheck's XML report ({@code cppcheck --xml}, format version 2). Cppcheck before 2.14 has no SARIF
 * output, and Debian 12 ships 2.10, so this format is imported beside SARIF. Hardened like the Valgrind parser:
 * no DTD, no entities, bounded.
 */
public final class CppcheckXmlParser {
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    public static final int MAX_RESULTS = 200_000;

    private CppcheckXmlParser() {
    }

    public static boolean looksLikeCppcheck(String head) {
        return head.contains("<results") && head.contains("<cppcheck");
    }

    public static List<AnalyzerResult> parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new EvidenceException("cppcheck XML of " + size + " bytes exceeds the limit of " + MAX_FILE_BYTES);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public static List<AnalyzerResult> parse(InputStream in) throws EvidenceException {
        List<AnalyzerResult> out = new ArrayList<>();
        XMLStreamReader r = null;
        try {
            r = SafeXml.inputFactory().createXMLStreamReader(in);
            boolean root = false;
            String version = "";
            String id = null;
            String severity = "";
            String msg = "";
            String cwe = "";
            String file = "";
            int line = 0;
            int depth = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD || ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new EvidenceException("DTDs and entity references are not allowed in cppcheck XML");
                }
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (r.getLocalName().equals("error") && id != null) {
                        if (out.size() >= MAX_RESULTS) {
                            throw new EvidenceException("more than " + MAX_RESULTS + " cppcheck results");
                        }
                        out.add(new AnalyzerResult("cppcheck" + (version.isEmpty() ? "" : " " + version), id, id,
                                msg, severity(severity), severity, cwe.matches("\\d{1,5}") && !cwe.equals("0")
                                ? List.of(Integer.parseInt(cwe)) : List.of(), file, line));
                        id = null;
                    }
                    continue;
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                depth++;
                if (depth > 16) {
                    throw new EvidenceException("cppcheck XML nested deeper than 16");
                }
                String n = r.getLocalName();
                if (depth == 1) {
                    if (!n.equals("results")) {
                        throw new EvidenceException("root element is <" + n + ">, not cppcheck's <results>");
                    }
                    root = true;
                } else if (n.equals("cppcheck")) {
                    version = SarifParser.clip(attr(r, "version"), 20);
                } else if (n.equals("error")) {
                    id = SarifParser.clip(attr(r, "id"), 200);
                    severity = SarifParser.clip(attr(r, "severity"), 20);
                    msg = SarifParser.clip(attr(r, "msg"), SarifParser.MAX_TEXT);
                    cwe = attr(r, "cwe");
                    file = SarifParser.clip(attr(r, "file0"), 1000);
                    line = 0;
                } else if (n.equals("location") && id != null && line == 0) {
                    // the first location is where cppcheck reports the defect; later ones are the trail
                    file = SarifParser.clip(attr(r, "file"), 1000);
                    line = parseLine(attr(r, "line"));
                }
            }
            if (!root) {
                throw new EvidenceException("empty cppcheck XML");
            }
            return out;
        } catch (XMLStreamException e) {
            throw new EvidenceException("malformed cppcheck XML: " + e.getMessage(), e);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing to recover
                }
            }
        }
    }

    static Severity severity(String s) {
        switch (s) {
            case "error":
                return Severity.HIGH;
            case "warning":
                return Severity.MEDIUM;
            case "style":
            case "performance":
            case "portability":
                return Severity.LOW;
            default:
                return Severity.INFO;
        }
    }

    private static int parseLine(String s) {
        try {
            return Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String attr(XMLStreamReader r, String name) {
        String v = r.getAttributeValue(null, name);
        return v == null ? "" : v;
    }
}
