package dev.medsec.code.jvm;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Any byte string must analyse or fail with IOException, in bounded time. Regression corpus:
 * {@code JavaClassFactsFuzzTestInputs/parse} (javac output with each misuse, truncations); JAZZER_FUZZ=1 fuzzes.
 */
class JavaClassFactsFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        try {
            JavaClassFacts f = JavaClassFacts.parse(ByteBuffer.wrap(data));
            f.calls().forEach(c -> c.args().size());
        } catch (IOException expected) {
            // malformed class file: the declared outcome
        }
    }
}
