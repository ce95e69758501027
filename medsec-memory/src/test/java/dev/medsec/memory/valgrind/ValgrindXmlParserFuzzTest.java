package dev.medsec.memory.valgrind;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.memory.EvidenceException;

import java.io.ByteArrayInputStream;

/** Any bytes: a result or an {@link EvidenceException}, nothing else. Regression inputs beside this class. */
class ValgrindXmlParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) {
        try {
            ValgrindXmlParser.parse(new ByteArrayInputStream(data));
        } catch (EvidenceException expected) {
            // the one declared failure
        }
    }
}
