package dev.medsec.checks.soup;

import dev.medsec.core.Component;
import dev.medsec.core.Finding;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EndOfSupportTest {
    @TempDir
    Path tmp;

    private static Component c(String name, String version, String source) {
        return new Component(name, version, Optional.empty(), Optional.empty(), source, "/usr/lib/" + name,
                Map.of());
    }

    private static List<Finding> run(Instant now, Optional<Path> endOfSupport, Component... cs) throws Exception {
        Image image = new Image("t", List.of(), new ScanSettings(now, Optional.empty(), List.of(), List.of(),
                List.of(), Optional.empty(), Map.of()).withVulnerabilityInputs(List.of(), List.of(), endOfSupport));
        image.addComponents(List.of(cs));
        FindingCollector out = new FindingCollector(CheckMetadata.of(EndOfSupport.class));
        assertThat(CheckMetadata.of(EndOfSupport.class).problems()).isEmpty();
        new EndOfSupport().inspect(image, out);
        assertThat(out.errors()).isEmpty();
        return out.findings();
    }

    @Test
    void inspect_unsupportedBranches_findings() throws Exception {
        List<Finding> fs = run(Instant.parse("2025-06-01T00:00:00Z"), Optional.empty(),
                c("openssl", "1.0.2k", "binary-classifier"), c("openssl", "1.1.1w", "binary-classifier"),
                c("mbedtls", "2.28.3", "binary-classifier"));
        assertThat(fs).extracting(f -> f.evidence().get("branch")).containsExactlyInAnyOrder("1.0.2", "1.1.1", "2.28");
        assertThat(fs.stream().filter(f -> f.evidence().get("branch").equals("1.0.2")).findFirst().orElseThrow()
                .severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void inspect_supportedOrUnknownOrDistro_noFinding() throws Exception {
        assertThat(run(Instant.parse("2025-06-01T00:00:00Z"), Optional.empty(),
                c("openssl", "3.0.13", "binary-classifier"), c("openssl", "1.0.20", "binary-classifier"),
                c("busybox", "1.20.0", "binary-classifier"), c("openssl", "1.1.1n-0+deb11u5", "dpkg"),
                c("mbedtls", "2.28.3", "binary-classifier"))).extracting(f -> f.evidence().get("branch"))
                .containsExactly("2.28");
        // Before its end date a branch is still supported.
        assertThat(run(Instant.parse("2023-01-01T00:00:00Z"), Optional.empty(), c("openssl", "1.1.1s", "binary-classifier")))
                .isEmpty();
    }

    @Test
    void inspect_profileExtension_addsOwnSupplierDates() throws Exception {
        Path extra = tmp.resolve("eol.json");
        Files.writeString(extra, "{\"entries\":[{\"names\":[\"busybox\"],\"cycle\":\"1.20\",\"eol\":\"2014-01-01\","
                + "\"source\":\"supplier agreement\"}]}");
        assertThat(run(Instant.parse("2025-06-01T00:00:00Z"), Optional.of(extra),
                c("busybox", "1.20.2", "binary-classifier"))).hasSize(1);
    }
}
