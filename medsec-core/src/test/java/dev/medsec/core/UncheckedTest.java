package dev.medsec.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UncheckedTest {
    @Test
    void uncheckedCausesAreRethrownAsThemselves_checkedOnesAreLeftToTheCaller() {
        IllegalArgumentException runtime = new IllegalArgumentException("bad");
        StackOverflowError error = new StackOverflowError("deep");
        assertThatThrownBy(() -> Unchecked.rethrowIfUnchecked(runtime)).isSameAs(runtime);
        assertThatThrownBy(() -> Unchecked.rethrowIfUnchecked(error)).isSameAs(error);
        assertThatCode(() -> Unchecked.rethrowIfUnchecked(new IOException("io"))).doesNotThrowAnyException();
        assertThatCode(() -> Unchecked.rethrowIfUnchecked(null)).doesNotThrowAnyException();
    }
}
