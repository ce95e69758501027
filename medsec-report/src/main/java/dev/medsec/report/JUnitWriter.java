package dev.medsec.report;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * JUnit XML for CI dashboards (GitLab, Jenkins, Azure DevOps): one test suite per principle, one test case per
 * check, and a check with active findings at or above the gate fails with one {@code <failure>} that counts them
 * and lists each (severity, path, message, id) in its text. The gate is --fail-on, or high when there is none (a
 * dashboard needs a line between red and green); findings below it, waived ones and info stay in the test case's
 * system-out, so nothing is hidden.
 */
public final class JUnitWriter {
    private JUnitWriter() {
    }

    public static void write(Report report, Collection<CheckMetadata> checks, Optional<Severity> gate, Path file)
            throws IOException {
        JsonReportWriter.writeAtomically(file, out -> write(report, checks, gate, out));
    }

    public static void write(Report report, Collection<CheckMetadata> checks, Optional<Severity> gate, OutputStream out)
            throws IOException {
        Severity level = gate.orElse(Severity.HIGH);
        Map<String, List<Report.FindingEntry>> byCheck = new LinkedHashMap<>();
        for (Report.FindingEntry f : report.findings()) {
            byCheck.computeIfAbsent(f.check(), k -> new ArrayList<>()).add(f);
        }
        Map<Principle, List<CheckMetadata>> byPrinciple = new LinkedHashMap<>();
        for (Principle p : Principle.values()) {
            byPrinciple.put(p, new ArrayList<>());
        }
        for (CheckMetadata m : checks.stream().sorted(Comparator.comparing(CheckMetadata::id)).toList()) {
            byPrinciple.get(m.principle()).add(m);
        }
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            int tests = checks.size();
            int failures = (int) checks.stream().filter(m -> failing(byCheck.get(m.id()), level) > 0).count();
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "medsec " + report.target().path());
            x.writeAttribute("tests", Integer.toString(tests));
            x.writeAttribute("failures", Integer.toString(failures));
            x.writeAttribute("errors", "0");
            x.writeAttribute("time", seconds(report.durationMs()));
            for (Map.Entry<Principle, List<CheckMetadata>> e : byPrinciple.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                Principle p = e.getKey();
                x.writeCharacters("\n  ");
                x.writeStartElement("testsuite");
                x.writeAttribute("name", "P" + p.number() + " " + p.title());
                x.writeAttribute("tests", Integer.toString(e.getValue().size()));
                x.writeAttribute("failures", Long.toString(e.getValue().stream()
                        .filter(m -> failing(byCheck.get(m.id()), level) > 0).count()));
                x.writeAttribute("errors", "0");
                x.writeAttribute("skipped", "0");
                x.writeAttribute("timestamp", report.startedAt().replaceFirst("\\.\\d+Z$", "").replace("Z", ""));
                x.writeCharacters("\n    ");
                x.writeStartElement("properties");
                property(x, "gate", level.label() + (gate.isEmpty() ? " (no --fail-on; high is the line)" : ""));
                property(x, "target.sha256", report.target().sha256());
                x.writeCharacters("\n    ");
                x.writeEndElement();
                for (CheckMetadata m : e.getValue()) {
                    testcase(x, p, m, byCheck.getOrDefault(m.id(), List.of()), level);
                }
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write JUnit XML: " + e.getMessage(), e);
        }
    }

    private static void testcase(XMLStreamWriter x, Principle p, CheckMetadata m, List<Report.FindingEntry> fs,
                                 Severity level) throws XMLStreamException {
        x.writeCharacters("\n    ");
        x.writeStartElement("testcase");
        x.writeAttribute("classname", "medsec.P" + p.number());
        x.writeAttribute("name", m.id());
        x.writeAttribute("time", "0");
        List<Report.FindingEntry> failing = fs.stream().filter(f -> counts(f, level)).toList();
        if (!failing.isEmpty()) {
            x.writeCharacters("\n      ");
            x.writeStartElement("failure");
            x.writeAttribute("type", Severity.parse(failing.get(0).severity()).label());
            x.writeAttribute("message", failing.size() + (failing.size() == 1 ? " finding" : " findings") + " at or above "
                    + level.label() + ": " + m.summary());
            StringBuilder sb = new StringBuilder();
            for (Report.FindingEntry f : failing) {
                sb.append(f.severity().toUpperCase(Locale.ROOT)).append(' ').append(f.path()).append(": ")
                        .append(f.message()).append(" [").append(f.id()).append("]\n");
            }
            sb.append("Remediation: ").append(m.remediation()).append('\n');
            x.writeCharacters(sb.toString());
            x.writeEndElement();
        }
        List<Report.FindingEntry> rest = fs.stream().filter(f -> !counts(f, level)).toList();
        if (!rest.isEmpty()) {
            x.writeCharacters("\n      ");
            x.writeStartElement("system-out");
            StringBuilder sb = new StringBuilder();
            for (Report.FindingEntry f : rest) {
                sb.append(f.severity()).append(f.waived() ? " (waived)" : "").append(' ').append(f.path()).append(": ")
                        .append(f.message()).append('\n');
            }
            x.writeCharacters(sb.toString());
            x.writeEndElement();
        }
        if (!failing.isEmpty() || !rest.isEmpty()) {
            x.writeCharacters("\n    ");
        }
        x.writeEndElement();
    }

    private static boolean counts(Report.FindingEntry f, Severity level) {
        return !f.waived() && Severity.parse(f.severity()).atLeast(level);
    }

    private static int failing(List<Report.FindingEntry> fs, Severity level) {
        return fs == null ? 0 : (int) fs.stream().filter(f -> counts(f, level)).count();
    }

    private static void property(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeCharacters("\n      ");
        x.writeEmptyElement("property");
        x.writeAttribute("name", name);
        x.writeAttribute("value", value);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
    }
}
