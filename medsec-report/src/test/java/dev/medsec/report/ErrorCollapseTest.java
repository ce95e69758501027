package dev.medsec.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCollapseTest {
    @Test
    void collapse_thousandsOfOneMessage_tenKeptAndOneCountingTheRest() {
        List<Report.ErrorEntry> in = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            in.add(new Report.ErrorEntry(String.format("/bomb.tar.xz!/%04d.tar.xz", i), "unpack", "byte budget of 8388608 exceeded"));
        }
        in.add(new Report.ErrorEntry("/other", "check", "unreadable PEM"));
        List<Report.ErrorEntry> out = ReportBuilder.collapse(in);
        assertThat(out).hasSize(12);
        assertThat(out).filteredOn(e -> e.message().startsWith("byte budget")).hasSize(11);
        assertThat(out.get(out.size() - 1).message()).isEqualTo("byte budget of 8388608 exceeded (and 989 more entries with this message, from this path on)");
        assertThat(out.get(out.size() - 1).path()).isEqualTo("/bomb.tar.xz!/0010.tar.xz");
        assertThat(out).extracting(Report.ErrorEntry::path).contains("/other");
    }

    @Test
    void collapse_fewRepeats_unchanged() {
        List<Report.ErrorEntry> in = List.of(new Report.ErrorEntry("/a", "unpack", "x"), new Report.ErrorEntry("/b", "unpack", "x"));
        assertThat(ReportBuilder.collapse(in)).isEqualTo(in);
    }
}
