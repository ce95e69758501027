package dev.medsec.evidence.afl;

import dev.medsec.memory.EvidenceException;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AflOutputParserTest {
    @TempDir
    static Path dir;
    static Path out;

    @BeforeAll
    static void campaign() {
        out = AflFixture.run(dir, 4);
    }

    @Test
    void parse_realCampaign_statsAndCrashes() throws Exception {
        List<FuzzCampaign> campaigns = AflOutputParser.parse(out);
        assertThat(campaigns).singleElement().satisfies(c -> {
            assertThat(c.instance()).isEqualTo("default");
            assertThat(c.execs()).isPositive();
            assertThat(c.runTimeSeconds()).isPositive();
            assertThat(c.corpusCount()).isPositive();
            assertThat(c.aflVersion()).isNotEmpty();
            assertThat(c.target()).endsWith("harness");
            assertThat(c.crashes()).isNotEmpty();
            assertThat(c.crashes()).allSatisfy(in -> assertThat(in.signal()).isEqualTo(6));
        });
    }

    @Test
    void parse_realCampaign_crashHashIsSha256OfTheInput() throws Exception {
        FuzzInput first = AflOutputParser.parse(out).get(0).crashes().get(0);
        Path file = out.resolve("default/crashes").resolve(first.name());
        String sha = Tools.run(dir, "sha256sum", file.toString()).split("\\s+")[0];
        assertThat(first.sha256()).isEqualTo(sha);
        assertThat(first.size()).isEqualTo(Files.size(file));
    }

    @Test
    void parse_instanceDirectoryDirectly_sameCampaign() throws Exception {
        assertThat(AflOutputParser.parse(out.resolve("default"))).singleElement()
                .satisfies(c -> assertThat(c.instance()).isEqualTo("default"));
    }

    @Test
    void parse_countsMatchFiles_hangsAndReadmeIgnored() throws Exception {
        FuzzCampaign c = AflOutputParser.parse(out).get(0);
        long crashFiles;
        try (var s = Files.list(out.resolve("default/crashes"))) {
            crashFiles = s.filter(p -> p.getFileName().toString().startsWith("id:")).count();
        }
        assertThat(c.crashes()).hasSize((int) crashFiles);
        assertThat(c.crashes()).noneMatch(i -> i.name().equals("README.txt"));
    }

    @Test
    void isAflOutput_plainDirectory_false(@TempDir Path other) throws Exception {
        assertThat(AflOutputParser.isAflOutput(other)).isFalse();
        assertThatThrownBy(() -> AflOutputParser.parse(other)).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_statsWithGarbage_refused(@TempDir Path bad) throws Exception {
        Files.writeString(bad.resolve("fuzzer_stats"), "execs_done : lots\n");
        assertThatThrownBy(() -> AflOutputParser.parse(bad)).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("execs_done");
    }

    @Test
    void parse_statsOutOfRangeStability_refused(@TempDir Path bad) throws Exception {
        Files.writeString(bad.resolve("fuzzer_stats"), "execs_done : 5\nstability : 250.00%\n");
        assertThatThrownBy(() -> AflOutputParser.parse(bad)).isInstanceOf(EvidenceException.class)
                .hasMessageContaining("stability");
    }

    @Test
    void parse_hugeStatsFile_refused(@TempDir Path bad) throws Exception {
        Files.write(bad.resolve("fuzzer_stats"), new byte[(int) AflOutputParser.MAX_STATS_BYTES + 1]);
        assertThatThrownBy(() -> AflOutputParser.parse(bad)).isInstanceOf(EvidenceException.class);
    }

    @Test
    void parse_symlinkedCrash_notFollowed(@TempDir Path d) throws Exception {
        Files.writeString(d.resolve("fuzzer_stats"), "execs_done : 5\n");
        Files.createDirectories(d.resolve("crashes"));
        Files.createSymbolicLink(d.resolve("crashes/id:000000,sig:11"), Path.of("/etc/passwd"));
        assertThat(AflOutputParser.parse(d).get(0).crashes()).isEmpty();
    }
}
