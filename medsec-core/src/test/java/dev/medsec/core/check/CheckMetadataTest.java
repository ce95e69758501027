package dev.medsec.core.check;

import dev.medsec.core.Principle;
import dev.medsec.core.Severity;
import dev.medsec.core.image.Artifact;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckMetadataTest {
    @CheckInfo(id = "hardening.example-check", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.MEDIUM,
            cwe = 121, summary = "An example", remediation = "Do the right thing")
    static final class Good implements FileCheck {
        @Override
        public boolean appliesTo(Artifact a) {
            return false;
        }

        @Override
        public void inspect(Artifact a, Findings out) {
        }
    }

    @CheckInfo(id = "Crypto_Bad", principle = Principle.TOOLCHAIN_HARDENING, severity = Severity.LOW,
            cwe = {}, summary = "", remediation = "")
    static final class Bad implements FileCheck {
        @Override
        public boolean appliesTo(Artifact a) {
            return false;
        }

        @Override
        public void inspect(Artifact a, Findings out) {
        }
    }

    @Test
    void problems_validMetadata_none() {
        assertThat(CheckMetadata.of(new Good()).problems()).isEmpty();
    }

    @Test
    void problems_badIdPrefixCweSummary_allReported() {
        assertThat(CheckMetadata.of(new Bad()).problems()).hasSize(5);
    }

    @Test
    void findingBuilder_prefilledFromMetadata_fingerprintStable() {
        FindingCollector out = new FindingCollector(CheckMetadata.of(new Good()));
        out.at("/usr/bin/a").key("sym").evidence("symbol", "strcpy").report();
        out.at("/usr/bin/a").key("sym").evidence("symbol", "strcpy").message("other words").report();
        out.at("/usr/bin/a").key("other").report();
        var fs = out.findings();
        assertThat(fs.get(0).severity()).isEqualTo(Severity.MEDIUM);
        assertThat(fs.get(0).cwe()).containsExactly(121);
        assertThat(fs.get(0).remediation()).isEqualTo("Do the right thing");
        assertThat(fs.get(0).id()).isEqualTo(fs.get(1).id()).isNotEqualTo(fs.get(2).id()).hasSize(32);
        assertThat(fs.get(0).id()).isEqualTo(Fingerprints.of("hardening.example-check", "/usr/bin/a", "sym"));
    }
}
