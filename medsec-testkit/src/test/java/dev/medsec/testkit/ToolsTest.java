package dev.medsec.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolsTest {
    @TempDir
    Path tmp;

    /** A tool that hangs with its output open: the limit fires instead of the read waiting forever. */
    @Test
    void run_hungToolWithOpenOutput_timesOut() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Tools.run(tmp, 1, "sh", "-c", "echo started; sleep 30"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("timed out after 1 s");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
    }

    @Test
    void run_failingTool_messageCarriesItsOutput() {
        assertThatThrownBy(() -> Tools.run(tmp, "sh", "-c", "echo broken >&2; exit 3"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("exited 3").hasMessageContaining("broken");
        assertThat(Tools.run(tmp, "sh", "-c", "printf ok")).isEqualTo("ok");
    }
}
