package dev.medsec.unpack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.medsec.core.classify.Classifier;
import dev.medsec.core.image.Artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the unpack stage and the classifier with arbitrary bytes. Under {@code mvn verify} the committed corpus
 * (ArchiveFuzzTestInputs/) runs as regression tests; with JAZZER_FUZZ=1 Jazzer explores further. The contract:
 * no exception escapes, nothing is written outside the sandbox, and budgets bound the work.
 */
class ArchiveFuzzTest {
    private static final UnpackLimits SMALL = new UnpackLimits(8L << 20, 2_000, 200, 3, 30);

    @FuzzTest(maxDuration = "60s")
    void build_arbitraryBytes_neverThrowsStaysInSandbox(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("medsec-fuzz-");
        try {
            Path target = dir.resolve("target.bin");
            Files.write(target, input);
            Path work = Files.createDirectory(dir.resolve("work"));
            try (Sandbox sb = Sandbox.create(SMALL, work)) {
                UnpackResult r = new ImageBuilder(sb).build(target);
                for (Artifact a : r.artifacts()) {
                    Path host = a.contentFile().orElse(null);
                    if (host != null && !host.equals(target.toRealPath())) {
                        assertThat(host).startsWith(sb.root());
                    }
                    try (InputStream in = a.open()) {
                        in.readNBytes(16);
                    }
                }
            }
            try (var walk = Files.walk(dir)) {
                assertThat(walk.filter(p -> !p.startsWith(work) && !p.equals(dir) && !p.equals(target))).isEmpty();
            }
        } finally {
            Sandbox.deleteTree(dir);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void classify_arbitraryBytes_neverThrows(byte[] input) {
        assertThat(Classifier.classify(ByteBuffer.wrap(input), "x")).isNotNull();
    }
}
