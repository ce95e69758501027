package dev.medsec.evidence.sarif;

import dev.medsec.core.Principle;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CweMappingTest {
    private final CweMapping m = CweMapping.builtIn();

    @Test
    void principleOf_memoryCwes_principle5() {
        for (int cwe : new int[]{401, 415, 416, 125, 787, 457, 908, 476, 788}) {
            assertThat(m.principleOf(List.of(cwe))).as("CWE-" + cwe).isEqualTo(Principle.MEMORY_MANAGEMENT);
        }
    }

    @Test
    void principleOf_inputCwes_principle4() {
        for (int cwe : new int[]{20, 78, 89, 120, 134, 190, 295, 611}) {
            assertThat(m.principleOf(List.of(cwe))).as("CWE-" + cwe).isEqualTo(Principle.UNTRUSTED_INPUT);
        }
    }

    @Test
    void principleOf_cryptoAndSecrets_principles7And6() {
        assertThat(m.principleOf(List.of(327))).isEqualTo(Principle.STRONG_CRYPTO);
        assertThat(m.principleOf(List.of(338))).isEqualTo(Principle.STRONG_CRYPTO);
        assertThat(m.principleOf(List.of(798))).isEqualTo(Principle.SENSITIVE_DATA);
        assertThat(m.principleOf(List.of(312))).isEqualTo(Principle.SENSITIVE_DATA);
    }

    @Test
    void principleOf_firstKnownCweWins() {
        assertThat(m.principleOf(List.of(99999, 416, 120))).isEqualTo(Principle.MEMORY_MANAGEMENT);
    }

    @Test
    void principleOf_unknownOrNone_default4() {
        assertThat(m.fallback()).isEqualTo(Principle.UNTRUSTED_INPUT);
        assertThat(m.principleOf(List.of())).isEqualTo(Principle.UNTRUSTED_INPUT);
        assertThat(m.principleOf(List.of(563))).isEqualTo(Principle.UNTRUSTED_INPUT);
    }

    @Test
    void table_everyPrincipleHasEntries() {
        for (Principle p : Principle.values()) {
            assertThat(m.table().values()).as(p.title()).contains(p);
        }
    }

    @Test
    void parse_noDefault_refused() {
        Properties p = new Properties();
        p.setProperty("416", "5");
        assertThatThrownBy(() -> CweMapping.parse(p)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void parse_principleOutOfRange_refused() {
        Properties p = new Properties();
        p.setProperty("default", "4");
        p.setProperty("416", "9");
        assertThatThrownBy(() -> CweMapping.parse(p)).isInstanceOf(IllegalArgumentException.class);
    }
}
