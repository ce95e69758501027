package dev.medsec.sbom.catalog;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** RPM header blobs from a hostile rpmdb: parsed within bounds or rejected with IOException, nothing else. */
class RpmHeaderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse_arbitraryBlob_parsesOrRejects(byte[] input) {
        try {
            RpmHeader h = RpmHeader.parse(input);
            assertThat(h.files().size()).isLessThanOrEqualTo(input.length);
            h.string(RpmHeader.NAME).ifPresent(n -> assertThat(n.length()).isLessThanOrEqualTo(input.length));
        } catch (IOException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
