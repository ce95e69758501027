package dev.medsec.evidence.sarif;

import dev.medsec.core.Severity;
import dev.medsec.memory.EvidenceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CppcheckXmlParserTest {
    private static List<AnalyzerResult> parse(String xml) throws EvidenceException {
        return CppcheckXmlParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parse_realCppcheck_doubleFreeAndOutOfBoundsWithCweAndLine(@TempDir Path dir) throws Exception {
        List<AnalyzerResult> rs = CppcheckXmlParser.parse(AnalyzerFixture.cppcheckXml(dir));
        assertThat(rs).anySatisfy(r -> {
            assertThat(r.rule()).isEqualTo("doubleFree");
            assertThat(r.cwe()).containsExactly(415);
            assertThat(r.line()).isEqualTo(10);
            assertThat(r.file()).isEqualTo("src/parse.c");
            assertThat(r.severity()).isEqualTo(Severity.HIGH);
            assertThat(r.tool()).startsWith("cppcheck");
        });
        assertThat(rs).anySatisfy(r -> {
            assertThat(r.rule()).isEqualTo("arrayIndexOutOfBounds");
            assertThat(r.cwe()).containsExactly(788);
            assertThat(r.line()).isEqualTo(9);
        });
    }

    @Test
    void parse_xxe_refused(@TempDir Path dir) throws Exception {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE results [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<results version=\"2\"><cppcheck version=\"2.10\"/><errors><error id=\"a\" msg=\"&x;\"/>"
                + "</errors></results>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(EvidenceException.class)
                .hasMessageNotContaining("root:");
    }

    @Test
    void parse_otherRoot_refused() {
        assertThatThrownBy(() -> parse("<valgrindoutput/>")).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_noCweOrZero_emptyCwe() throws Exception {
        String xml = "<results version=\"2\"><cppcheck version=\"2.10\"/><errors>"
                + "<error id=\"missingInclude\" severity=\"information\" msg=\"m\" cwe=\"0\"/>"
                + "<error id=\"x\" severity=\"style\" msg=\"m\" cwe=\"abc\"><location file=\"a.c\" line=\"-3\"/></error>"
                + "</errors></results>";
        assertThat(parse(xml)).hasSize(2).allSatisfy(r -> {
            assertThat(r.cwe()).isEmpty();
            assertThat(r.line()).isZero();
        });
    }
}
