package dev.medsec.cli.scan;

import dev.medsec.core.Principle;
import dev.medsec.core.ScanError;
import dev.medsec.core.Severity;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.Findings;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.unpack.Sandbox;
import dev.medsec.unpack.UnpackLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScanEngineTest {
    @TempDir
    Path tmp;

    @CheckInfo(id = "hardening.test-crash", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.LOW,
            cwe = 1, summary = "crashes on crash.txt", remediation = "none")
    static final class Crashing implements FileCheck {
        @Override
        public boolean appliesTo(Artifact a) {
            return a.fileName().startsWith("crash");
        }

        @Override
        public void inspect(Artifact a, Findings out) {
            throw new IllegalStateException("boom");
        }
    }

    @CheckInfo(id = "hardening.test-slow", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.LOW,
            cwe = 1, summary = "hangs on slow.txt", remediation = "none")
    static final class Hanging implements FileCheck {
        @Override
        public boolean appliesTo(Artifact a) {
            return a.fileName().startsWith("slow");
        }

        @Override
        public void inspect(Artifact a, Findings out) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @CheckInfo(id = "sensitive.test-word", principle = Principle.SENSITIVE_DATA, severity = Severity.HIGH,
            cwe = 798, summary = "contains the word", remediation = "remove it")
    static final class Word implements ContentCheck {
        @Override
        public boolean appliesTo(Artifact a) {
            return true;
        }

        @Override
        public List<BytePattern> patterns() {
            return List.of(BytePattern.asciiIgnoreCase("w", "hunter2"));
        }

        @Override
        public void inspect(Artifact a, List<PatternHit> hits, Findings out) {
            out.at(a).evidence("offset", hits.get(0).offset()).report();
        }
    }

    @CheckInfo(id = "attacksurface.test-count", principle = Principle.ATTACK_SURFACE, severity = Severity.INFO,
            cwe = 1, summary = "counts files", remediation = "none")
    static final class Count implements ImageCheck {
        @Override
        public void inspect(Image image, Findings out) throws IOException {
            out.section("testCount", image.files().count());
            out.at("/").evidence("files", image.files().count()).report();
        }
    }

    @Test
    void scan_crashAndTimeoutInChecks_becomeErrorsScanCompletes() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.writeString(root.resolve("crash.txt"), "x");
        Files.writeString(root.resolve("slow.txt"), "x");
        Files.writeString(root.resolve("pw.txt"), "password=HUNTER2\n");
        Files.writeString(root.resolve("clean.txt"), "nothing\n");
        ScanEngine engine = new ScanEngine(List.of(new Crashing(), new Hanging(), new Word(), new Count()), List.of(),
                new EngineOptions(UnpackLimits.defaults(), Duration.ofMillis(500), Duration.ofSeconds(30), 2));
        try (Sandbox sb = Sandbox.create(UnpackLimits.defaults(), tmp)) {
            long t0 = System.nanoTime();
            ScanOutcome o = engine.scan(root, ScanSettings.defaults(), sb, Progress.silent());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
            assertThat(o.errors()).extracting(ScanError::path).contains("/crash.txt", "/slow.txt");
            assertThat(o.errors()).extracting(ScanError::message)
                    .anyMatch(m -> m.contains("boom")).anyMatch(m -> m.contains("abandoned"));
            assertThat(o.findings()).extracting(f -> f.checkId() + " " + f.path())
                    .containsExactlyInAnyOrder("sensitive.test-word /pw.txt", "attacksurface.test-count /");
            assertThat(o.sections()).containsEntry("testCount", 4L);
            assertThat(o.sections().get("timings").toString()).contains("unpackMs").contains("(content pass)").contains("Count");
            assertThat(o.files()).isEqualTo(4);
            assertThat(o.artifactsByType()).containsEntry(FileType.TEXT.label(), 4L);
        }
    }
}
