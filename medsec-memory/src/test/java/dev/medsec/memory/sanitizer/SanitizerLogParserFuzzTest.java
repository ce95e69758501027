package dev.medsec.memory.sanitizer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/** Any bytes: a result or an IOException (EvidenceException), nothing else. */
class SanitizerLogParserFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) {
        try {
            SanitizerLogParser.parse(new ByteArrayInputStream(data));
        } catch (IOException expected) {
            // the one declared failure
        }
    }
}
