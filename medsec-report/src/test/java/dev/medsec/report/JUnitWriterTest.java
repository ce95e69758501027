package dev.medsec.report;

import dev.medsec.core.Finding;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.Fingerprints;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JUnitWriterTest {
    private static CheckMetadata check(String id, Principle p) {
        return new CheckMetadata(id, p, Severity.HIGH, List.of(121), "summary of " + id, "fix <it> & rebuild",
                List.of(), "Test");
    }

    private static Finding finding(String check, Principle p, Severity s, String path, String message) {
        return new Finding(Fingerprints.of(check, path, message), check, p, s, List.of(121), path, message, Map.of(), "fix");
    }

    private static Document write(Report r, List<CheckMetadata> checks, Optional<Severity> gate) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JUnitWriter.write(r, checks, gate, out);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void write_testcasePerCheck_failureListsFindingsAtOrAboveTheGate() throws Exception {
        List<CheckMetadata> checks = List.of(check("hardening.pie", Principle.TOOLCHAIN_HARDENING),
                check("hardening.relro", Principle.TOOLCHAIN_HARDENING), check("crypto.weak", Principle.STRONG_CRYPTO));
        Report r = new ReportBuilder().findings(List.of(
                finding("hardening.pie", Principle.TOOLCHAIN_HARDENING, Severity.HIGH, "/usr/bin/a", "not PIE <x> & \"y\""),
                finding("hardening.pie", Principle.TOOLCHAIN_HARDENING, Severity.CRITICAL, "/usr/bin/b", "not PIE"),
                finding("hardening.relro", Principle.TOOLCHAIN_HARDENING, Severity.LOW, "/usr/bin/a", "partial RELRO")))
                .build();
        Document d = write(r, checks, Optional.empty());
        Element root = d.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("3");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        NodeList cases = d.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(3);
        Element pie = (Element) cases.item(0);
        assertThat(pie.getAttribute("name")).isEqualTo("hardening.pie");
        Element failure = (Element) pie.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("2 findings at or above high");
        assertThat(failure.getTextContent()).contains("HIGH /usr/bin/a: not PIE <x> & \"y\"").contains("CRITICAL /usr/bin/b")
                .contains("Remediation: fix <it> & rebuild");
        Element relro = (Element) cases.item(1);
        assertThat(relro.getElementsByTagName("failure").getLength()).isZero();
        assertThat(relro.getElementsByTagName("system-out").item(0).getTextContent()).contains("low /usr/bin/a: partial RELRO");
        assertThat(d.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        // with --fail-on low the RELRO finding fails its check too
        assertThat(write(r, checks, Optional.of(Severity.LOW)).getDocumentElement().getAttribute("failures")).isEqualTo("2");
        assertThat(write(r, checks, Optional.of(Severity.CRITICAL)).getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }
}
