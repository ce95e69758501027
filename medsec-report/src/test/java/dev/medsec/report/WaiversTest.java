package dev.medsec.report;

import dev.medsec.core.Finding;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.check.Fingerprints;
import dev.medsec.report.policy.WaiverSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WaiversTest {
    @TempDir
    Path tmp;

    private static Finding finding(String check, String path, Severity s) {
        return new Finding(Fingerprints.of(check, path, ""), check, Principle.TOOLCHAIN_HARDENING, s, List.of(121), path,
                "msg", Map.of(), "fix");
    }

    private WaiverSet load(String yaml) throws IOException {
        return WaiverSet.load(Files.writeString(tmp.resolve("w.yaml"), yaml));
    }

    @Test
    void build_waiverByCheckAndGlob_findingMarkedAndGatePasses() throws IOException {
        Finding a = finding("hardening.relro", "/usr/lib/libx.so", Severity.HIGH);
        Finding b = finding("hardening.relro", "/usr/bin/app", Severity.HIGH);
        WaiverSet w = load("waivers:\n  - check: hardening.relro\n    path: /usr/lib/**\n    justification: vendor blob\n");
        Report r = new ReportBuilder().findings(List.of(a, b)).failOn(Optional.of(Severity.HIGH))
                .waivers(w, LocalDate.of(2026, 1, 1)).build();
        assertThat(r.findings()).filteredOn(Report.FindingEntry::waived).extracting(Report.FindingEntry::path)
                .containsExactly("/usr/lib/libx.so");
        assertThat(r.gate().passed()).isFalse();
        assertThat(r.principles().get(1).findings()).containsEntry("high", 1);

        Report onlyWaived = new ReportBuilder().findings(List.of(a)).failOn(Optional.of(Severity.HIGH))
                .waivers(w, LocalDate.of(2026, 1, 1)).build();
        assertThat(onlyWaived.gate().passed()).isTrue();
    }

    @Test
    void build_expiredAndUnusedWaivers_reportedAndNotApplied() throws IOException {
        Finding a = finding("hardening.relro", "/usr/bin/app", Severity.HIGH);
        WaiverSet w = load("waivers:\n"
                + "  - id: " + a.id() + "\n    justification: accepted\n    expires: 2025-12-31\n"
                + "  - check: crypto.weak-cipher\n    justification: not used\n");
        Report r = new ReportBuilder().findings(List.of(a)).failOn(Optional.of(Severity.HIGH))
                .waivers(w, LocalDate.of(2026, 1, 1)).build();
        assertThat(r.findings().get(0).waived()).isFalse();
        assertThat(r.gate().passed()).isFalse();
        assertThat(r.sections().get("waivers").toString()).contains("status=expired").contains("status=unused");
    }

    @Test
    void load_missingJustificationOrUnknownKey_clearError() {
        assertThatThrownBy(() -> load("waivers:\n  - check: a.b\n")).isInstanceOf(IOException.class)
                .hasMessageContaining("justification");
        assertThatThrownBy(() -> load("waivers:\n  - check: a.b\n    justification: x\n    colour: red\n"))
                .isInstanceOf(IOException.class).hasMessageContaining("colour");
    }
}
