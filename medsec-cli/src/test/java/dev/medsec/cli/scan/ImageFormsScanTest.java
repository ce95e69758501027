package dev.medsec.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medsec.cli.CliRun;
import dev.medsec.testkit.ImageFixtures;
import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whole scans of images that are not archives: the existing checks fire on what the layout readers found. */
class ImageFormsScanTest {
    @TempDir
    Path tmp;

    private static List<String> findings(JsonNode report, String check) {
        List<String> paths = new ArrayList<>();
        report.get("findings").forEach(f -> {
            if (f.get("check").asText().equals(check)) {
                paths.add(f.get("path").asText());
            }
        });
        return paths;
    }

    @Test
    void scan_norFlashDump_checksFireOnCarvedMembersAndCoverageIsReported() throws Exception {
        Path flash = ImageFixtures.norFlashDump(tmp);
        Path json = tmp.resolve("report.json");
        CliRun r = CliRun.of("scan", flash.toString(), "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Coverage: reached 9\\d\\.\\d % of 4\\.0 MiB; 1 region not understood");
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(findings(j, "secureboot.uboot-env-open-console")).containsExactly("/flash.bin!/0x00040000.ubootenv");
        assertThat(findings(j, "secureboot.fit-unsigned")).containsExactly("/flash.bin!/0x00100000.dtb");
        assertThat(findings(j, "sensitive.empty-password")).containsExactly("/flash.bin!/0x00200000.squashfs!/etc/passwd");
        // the whole dump is not byte-scanned as one file: no table-based "home-made crypto" on it
        assertThat(j.get("findings").findValuesAsText("path")).doesNotContain("/flash.bin");
        JsonNode coverage = j.get("coverage");
        assertThat(coverage.get("targetBytes").asLong()).isEqualTo(4L << 20);
        assertThat(coverage.get("unexplainedRegions").get(0).get("entropy").asText()).isEqualTo("compressed-or-encrypted");
        assertThat(coverage.get("containers").findValuesAsText("format")).contains("raw", "uimage", "fit", "squashfs");
    }

    @Test
    void scan_minCoverageAboveWhatWasReached_gateFails() throws Exception {
        Path flash = ImageFixtures.norFlashDump(tmp);
        Path json = tmp.resolve("report.json");
        CliRun r = CliRun.of("scan", flash.toString(), "--json", json.toString(), "--min-coverage", "99.9");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("--min-coverage 99.9: NOT MET");
        JsonNode gate = new ObjectMapper().readTree(json.toFile()).get("gate");
        assertThat(gate.get("passed").asBoolean()).isFalse();
        assertThat(gate.get("coverageMet").asBoolean()).isFalse();
        assertThat(CliRun.of("scan", flash.toString(), "-q", "--min-coverage", "90").exit()).isZero();
    }

    @Test
    void scan_minCoverageNotAPercentage_exit2BeforeAnyWork() {
        CliRun r = CliRun.of("scan", tmp.toString(), "--min-coverage", "150");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--min-coverage must be a percentage");
    }

    @Test
    void scan_directory_coverageIsWholeWithoutRegions() throws Exception {
        Tools.require("sh");
        java.nio.file.Files.writeString(tmp.resolve("hostname"), "dev\n");
        Path json = tmp.resolve("out.json");
        CliRun r = CliRun.of("scan", tmp.toString(), "-q", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode c = new ObjectMapper().readTree(json.toFile()).get("coverage");
        assertThat(c.get("percent").asDouble()).isEqualTo(100.0);
        assertThat(c.get("unexplainedRegions")).isEmpty();
    }

    /** Debian's OVMF.fd (package ovmf): the NVRAM volume, then the code volume with its LZMA-compressed inner volumes. */
    @Test
    void scan_debianOvmf_modulesReachedFirmwareStageAndSetupModeReported() throws Exception {
        Path ovmf = Path.of("/usr/share/ovmf/OVMF.fd");
        if (!java.nio.file.Files.isRegularFile(ovmf) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("OVMF.fd missing on CI: the ovmf package is in scripts/debian-packages.d/");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(ovmf), "Debian package ovmf not installed");
        Path json = tmp.resolve("ovmf.json");
        CliRun r = CliRun.of("scan", ovmf.toString(), "-q", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        assertThat(j.get("stats").get("artifactsByType").get("pe").asInt()).isGreaterThan(100);
        assertThat(findings(j, "secureboot.uefi-setup-mode")).containsExactly("/OVMF.fd!/fv0/nvram.vss");
        // firmware modules are not boot loaders: the chain does not "break at the bootloader" on DXE drivers
        assertThat(findings(j, "secureboot.chain-of-trust")).isEmpty();
        JsonNode stages = j.get("chainOfTrust").get("stages");
        JsonNode firmware = stages.get(stages.size() - 1);
        assertThat(firmware.get("stage").asText()).isEqualTo("firmware");
        assertThat(firmware.get("note").asText()).contains("setup mode");
        assertThat(j.get("coverage").get("percent").asDouble()).isEqualTo(100.0);
    }

    /** An unknown blob holding a private key: the byte-scan finding says that the file itself was never understood. */
    @Test
    void scan_unknownBlobWithKey_findingEvidenceNamesTheUnopenedContainer() throws Exception {
        Tools.require("openssl");
        Tools.sh(tmp, "head -c 1500000 /dev/urandom > blob.bin && openssl genrsa 2048 2>/dev/null >> blob.bin"
                + " && head -c 1500000 /dev/urandom >> blob.bin");
        Path json = tmp.resolve("blob.json");
        CliRun r = CliRun.of("scan", tmp.resolve("blob.bin").toString(), "-q", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.toFile());
        List<JsonNode> onBlob = new ArrayList<>();
        j.get("findings").forEach(f -> {
            if (f.get("path").asText().equals("/blob.bin")) {
                onBlob.add(f);
            }
        });
        assertThat(onBlob).isNotEmpty();
        assertThat(onBlob).allSatisfy(f -> assertThat(f.get("evidence").get("container").asText()).contains("no reader recognises"));
    }

    /** A tree deeper than the walker's bound: an errors entry and a report, not a stack overflow and exit 1. */
    @Test
    void scan_directoryThreeHundredLevelsDeep_errorEntryAndExitZero() throws Exception {
        Path d = tmp.resolve("deep");
        for (int i = 0; i < 300; i++) {
            d = d.resolve("d");
        }
        java.nio.file.Files.createDirectories(d);
        java.nio.file.Files.writeString(d.resolve("leaf.txt"), "bottom\n");
        Path json = tmp.resolve("deep.json");
        CliRun r = CliRun.of("scan", tmp.resolve("deep").toString(), "-q", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode errors = new ObjectMapper().readTree(json.toFile()).get("errors");
        assertThat(errors.findValuesAsText("message")).anyMatch(m -> m.contains("nested deeper than 256 levels"));
    }
}
