package dev.medsec.memory.valgrind;

import dev.medsec.memory.CPrograms;
import dev.medsec.memory.EvidenceException;
import dev.medsec.memory.MemoryErrorKind;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parser on a real memcheck report and on hostile variants of it. */
class ValgrindXmlParserTest {
    @TempDir
    static Path dir;
    /** A real report of a use after free, written by Valgrind in this test. */
    static String real;

    @BeforeAll
    static void realReport() throws Exception {
        Tools.require("gcc");
        Tools.require("valgrind");
        Path exe = CPrograms.USE_AFTER_FREE.compile(dir, "");
        Tools.sh(dir, "valgrind --tool=memcheck --xml=yes --xml-file=uaf.xml --leak-check=full " + exe + " >/dev/null 2>&1");
        real = Files.readString(dir.resolve("uaf.xml"));
    }

    private static ValgrindOutput parse(String xml) throws EvidenceException {
        return ValgrindXmlParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void parse_realReport_programArgsAndError() throws Exception {
        ValgrindOutput out = parse(real);
        assertThat(out.complete()).isTrue();
        assertThat(out.program()).endsWith("use_after_free");
        assertThat(out.errors()).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(MemoryErrorKind.USE_AFTER_FREE));
    }

    @Test
    void parse_xxeToLocalFile_refusedAndNotResolved() throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-MARKER");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE valgrindoutput [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n" + real.substring(real.indexOf("<valgrindoutput>"))
                .replace("<what>Invalid read of size 1</what>", "<what>&xxe;</what>");
        assertThatThrownBy(() -> parse(xxe))
                .isInstanceOf(EvidenceException.class)
                .hasMessageNotContaining("TOP-SECRET-MARKER");
    }

    @Test
    void parse_externalDtd_neverFetched() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(300);
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE valgrindoutput SYSTEM \"http://127.0.0.1:"
                    + server.getLocalPort() + "/evil.dtd\">\n<valgrindoutput></valgrindoutput>";
            assertThatThrownBy(() -> parse(xml)).isInstanceOf(EvidenceException.class)
                    .hasMessageContaining("DOCTYPE");
            assertThatThrownBy(server::accept).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void parse_billionLaughs_refused() {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE valgrindoutput [\n<!ENTITY a \"lol\">\n");
        for (int i = 1; i < 10; i++) {
            sb.append("<!ENTITY ").append((char) ('a' + i)).append(" \"");
            for (int j = 0; j < 10; j++) {
                sb.append('&').append((char) ('a' + i - 1)).append(';');
            }
            sb.append("\">\n");
        }
        sb.append("]>\n<valgrindoutput><error><kind>&j;</kind></error></valgrindoutput>");
        assertThatThrownBy(() -> parse(sb.toString())).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_undeclaredEntityWithoutDoctype_refused() {
        assertThatThrownBy(() -> parse("<valgrindoutput><error><kind>&x;</kind></error></valgrindoutput>"))
                .isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_truncatedReport_partialWithCompleteErrorsOnly() throws Exception {
        int cut = real.indexOf("<errorcounts>");
        ValgrindOutput out = parse(real.substring(0, cut));
        assertThat(out.complete()).isFalse();
        assertThat(out.errors()).hasSize(1);

        ValgrindOutput midError = parse(real.substring(0, real.indexOf("<auxwhat>")));
        assertThat(midError.complete()).isFalse();
        assertThat(midError.errors()).isEmpty();
    }

    @Test
    void parse_wrongRoot_refused() {
        assertThatThrownBy(() -> parse("<html><body/></html>")).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("valgrindoutput");
    }

    @Test
    void parse_notXml_refused() {
        assertThatThrownBy(() -> parse("==123== Memcheck, a memory error detector")).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_deepNesting_refused() {
        String deep = "<valgrindoutput><error>" + "<x>".repeat(200) + "</x>".repeat(200) + "</error></valgrindoutput>";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(EvidenceException.class).hasMessageContaining("deeper");
    }

    @Test
    void parse_hugeText_refused() {
        String big = "<valgrindoutput><error><kind>" + "A".repeat(ValgrindXmlParser.MAX_TEXT + 1)
                + "</kind></error></valgrindoutput>";
        assertThatThrownBy(() -> parse(big)).isInstanceOf(EvidenceException.class).hasMessageContaining("text longer");
    }

    @Test
    void parse_badLineNumber_refused() {
        String bad = real.replaceFirst("<line>\\d+</line>", "<line>eight</line>");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(EvidenceException.class).hasMessageContaining("number");
    }

    @Test
    void parse_errorCounts_repeatsBecomeOccurrences() throws Exception {
        String repeated = real.replaceFirst("<count>1</count>", "<count>5</count>");
        assertThat(parse(repeated).errors().get(0).occurrences()).isEqualTo(5);
    }

    @Test
    void parse_invalidFreeOutsideFreedBlock_invalidFreeNotDoubleFree() throws Exception {
        String xml = "<valgrindoutput><error><unique>0x0</unique><kind>InvalidFree</kind>"
                + "<what>Invalid free() / delete / delete[] / realloc()</what><stack><frame><fn>free</fn>"
                + "<obj>/usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so</obj></frame><frame><fn>main</fn>"
                + "<file>a.c</file><line>4</line></frame></stack>"
                + "<auxwhat>Address 0x1ffefffd10 is on thread 1's stack</auxwhat></error></valgrindoutput>";
        assertThat(parse(xml).errors()).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo(MemoryErrorKind.INVALID_FREE));
    }
}
