package dev.medsec.evidence.sarif;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.memory.EvidenceException;

import java.io.ByteArrayInputStream;

/** Any bytes: a result or an {@link EvidenceException}, nothing else. */
class CppcheckXmlParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) {
        try {
            CppcheckXmlParser.parse(new ByteArrayInputStream(data));
        } catch (EvidenceException expected) {
            // the one declared failure
        }
    }
}
