package dev.medsec.evidence.checks;

import dev.medsec.core.image.ScanSettings;
import dev.medsec.evidence.afl.AflFixture;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class FuzzingMissingTest {
    @TempDir
    static Path dir;
    static Path afl;
    static Path bothProfile;
    static Path coveredProfile;

    @BeforeAll
    static void evidence() throws Exception {
        afl = AflFixture.run(Files.createDirectories(dir.resolve("afl")), 2);
        bothProfile = dir.resolve("both.yaml");
        Files.writeString(bothProfile, """
                schemaVersion: 1
                fuzzing:
                  externalInputBinaries:
                    - /usr/bin/harness
                    - /usr/lib/pump/hl7-listener
                """);
        coveredProfile = dir.resolve("covered.yaml");
        Files.writeString(coveredProfile, """
                fuzzing:
                  externalInputBinaries: [/usr/bin/harness]
                """);
    }

    static ScanSettings settings(Optional<Path> profile, Path... evidence) {
        return new ScanSettings(Instant.EPOCH, profile, List.of(), List.of(), List.of(evidence), Optional.empty(),
                Map.of());
    }

    @Test
    void inspect_oneListedBinaryNotFuzzed_findingForThatOneOnly() {
        CheckTester.of(new FuzzingMissing(), dir)
                .settings(settings(Optional.of(bothProfile), afl))
                .text("/usr/bin/harness", "binary")
                .text("/usr/lib/pump/hl7-listener", "binary")
                .expect("/usr/lib/pump/hl7-listener", f -> Boolean.TRUE.equals(f.evidence().get("inImage")))
                .run();
    }

    @Test
    void inspect_noEvidenceAtAll_findingPerListedBinary() {
        CheckTester.of(new FuzzingMissing(), dir)
                .settings(settings(Optional.of(bothProfile)))
                .text("/usr/bin/harness", "binary")
                .expect("/usr/bin/harness")
                .expect("/usr/lib/pump/hl7-listener", f -> Boolean.FALSE.equals(f.evidence().get("inImage")))
                .run();
    }

    @Test
    void inspect_everyListedBinaryFuzzed_nothing() {
        CheckTester.of(new FuzzingMissing(), dir).settings(settings(Optional.of(coveredProfile), afl))
                .text("/usr/bin/harness", "binary").run();
    }

    @Test
    void inspect_noProfile_nothing() {
        CheckTester.of(new FuzzingMissing(), dir).settings(settings(Optional.empty())).text("/usr/bin/harness", "x")
                .run();
    }
}
