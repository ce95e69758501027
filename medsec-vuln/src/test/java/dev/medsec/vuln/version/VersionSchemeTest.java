package dev.medsec.vuln.version;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class VersionSchemeTest {

    @ParameterizedTest(name = "{0}: {1} < {2}")
    @CsvSource({
            // Debian: epochs, tilde, revisions, letters sort before non-letters
            "DEBIAN, 1.2.13.dfsg-1, 1:1.0-1",
            "DEBIAN, 3.0.11~rc1-1, 3.0.11-1",
            "DEBIAN, 3.0.11-1, 3.0.11-1+deb12u1",
            "DEBIAN, 3.0.11-1+deb12u1, 3.0.11-1+deb12u2",
            "DEBIAN, 1.0~~a, 1.0~",
            "DEBIAN, 1.0~, 1.0",
            "DEBIAN, 1.0, 1.0a",
            "DEBIAN, 1.0a, 1.0+",
            "DEBIAN, 2.36-9+deb12u4, 2.36-9+deb12u10",
            "DEBIAN, 9.2p1-2, 9.2p1-2+deb12u1",
            // Maven ComparableVersion
            "MAVEN, 2.0-beta9, 2.0",
            "MAVEN, 2.13.2, 2.13.2.1",
            "MAVEN, 2.12.6, 2.12.6.1",
            "MAVEN, 1.0-SNAPSHOT, 1.0",
            "MAVEN, 1.0-alpha-1, 1.0-beta-1",
            "MAVEN, 1.0-rc1, 1.0",
            "MAVEN, 1.33, 2.0",
            "MAVEN, 1.9, 1.10",
            // SemVer
            "SEMVER, 1.0.0-alpha, 1.0.0-alpha.1",
            "SEMVER, 1.0.0-alpha.1, 1.0.0-alpha.beta",
            "SEMVER, 1.0.0-beta.2, 1.0.0-beta.11",
            "SEMVER, 1.0.0-rc.1, 1.0.0",
            "SEMVER, 4.17.20, 4.17.21",
            "SEMVER, 0.2.3, 0.2.4",
            // PEP 440
            "PEP440, 1.0.dev1, 1.0a1",
            "PEP440, 1.0a1, 1.0b1",
            "PEP440, 1.0b2, 1.0rc1",
            "PEP440, 1.0rc1, 1.0",
            "PEP440, 1.0, 1.0.post1",
            "PEP440, 1.0.post1, 1.1",
            "PEP440, 1.0, 1!0.1",
            "PEP440, 2.9, 2.10",
            // Upstream (NVD) strings: OpenSSL letters, OpenSSH portable, pre-releases
            "GENERIC, 1.0.2k, 1.0.2u",
            "GENERIC, 1.0.2, 1.0.2a",
            "GENERIC, 1.0.2zh, 1.1.0",
            "GENERIC, 1.1.1, 1.1.1w",
            "GENERIC, 9.3, 9.3p1",
            "GENERIC, 9.2p1, 9.3",
            "GENERIC, 3.0.0-preview1, 3.0.0",
            "GENERIC, 3.0.0-rc1, 3.0.0",
            "GENERIC, 2016.73, 2016.74",
            "GENERIC, 2022.01-rc4, 2022.01",
            "GENERIC, 0.9.33.2, 1.0.39",
            "GENERIC, 1.2.13, 1.3",
            "GENERIC, 1.3, 1.3.1",
    })
    void compare_orderedPair_firstIsLower(VersionScheme scheme, String lower, String higher) {
        assertThat(scheme.compare(lower, higher)).as(lower + " < " + higher).isNegative();
        assertThat(scheme.compare(higher, lower)).as(higher + " > " + lower).isPositive();
    }

    @ParameterizedTest(name = "{0}: {1} == {2}")
    @CsvSource({
            "DEBIAN, 0:1.0-1, 1.0-1",
            "DEBIAN, 1.00, 1.0",
            "MAVEN, 1.0, 1.0.0",
            "MAVEN, 1.0-ga, 1.0",
            "SEMVER, 1.0.0+build.1, 1.0.0",
            "SEMVER, v1.2.3, 1.2.3",
            "PEP440, 1.0, 1.0.0",
            "PEP440, 1.0-post1, 1.0.post1",
            "GENERIC, 1.0.2K, 1.0.2k",
            "GENERIC, 2.28.0, 2.28.0",
    })
    void compare_equivalentSpellings_zero(VersionScheme scheme, String a, String b) {
        assertThat(scheme.compare(a, b)).isZero();
    }

    @Test
    void forEcosystem_osvNames_schemeOfEcosystem() {
        assertThat(VersionScheme.forEcosystem("Debian:12")).isEqualTo(VersionScheme.DEBIAN);
        assertThat(VersionScheme.forEcosystem("Maven")).isEqualTo(VersionScheme.MAVEN);
        assertThat(VersionScheme.forEcosystem("npm")).isEqualTo(VersionScheme.SEMVER);
        assertThat(VersionScheme.forEcosystem("PyPI")).isEqualTo(VersionScheme.PEP440);
        assertThat(VersionScheme.forEcosystem("Alpine:v3.18")).isEqualTo(VersionScheme.ALPINE);
    }

    @Test
    void compare_hostileStrings_noException() {
        String longDigits = "9".repeat(5000);
        for (VersionScheme s : VersionScheme.values()) {
            assertThat(s.compare(longDigits, longDigits + "1")).isNegative();
            s.compare("", "::--~~");
            s.compare("\u0000\uffff", "1");
        }
    }
}
