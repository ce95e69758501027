package dev.medsec.vuln.version;

import java.util.Comparator;
import java.util.Locale;

/**
 * The ordering rules of one ecosystem. Comparing versions with the wrong rules is the main source of false
 * matches ("1.0.2k" is not older than "1.0.2", "2.0-beta9" is older than "2.0", "1:1.2" is newer than "3.0"),
 * so every range check names its scheme.
 */
public enum VersionScheme implements Comparator<String> {
    /** Debian policy 5.6.12: epoch, upstream version with '~' sorting before everything, revision. */
    DEBIAN {
        @Override
        public int compare(String a, String b) {
            return DebianVersions.compare(a, b);
        }
    },
    /** Alpine apk versions: close enough to the generic rules with _alpha/_beta/_pre/_rc suffixes and -rN. */
    ALPINE {
        @Override
        public int compare(String a, String b) {
            return GenericVersions.compare(a, b);
        }
    },
    /** Maven's ComparableVersion (2.13.2.1 &gt; 2.13.2, 2.0-beta9 &lt; 2.0). */
    MAVEN {
        @Override
        public int compare(String a, String b) {
            return MavenVersions.compare(a, b);
        }
    },
    /** SemVer 2.0.0 precedence (npm, Go, crates). */
    SEMVER {
        @Override
        public int compare(String a, String b) {
            return SemVersions.compare(a, b);
        }
    },
    /** PEP 440 (PyPI). */
    PEP440 {
        @Override
        public int compare(String a, String b) {
            return Pep440Versions.compare(a, b);
        }
    },
    /**
     * Upstream release strings as the NVD writes them: dotted numbers, OpenSSL letter releases (1.0.2k &lt;
     * 1.0.2u), OpenSSH portable suffixes (9.3p1 &gt; 9.3), pre-releases (3.0.0-preview1 &lt; 3.0.0).
     */
    GENERIC {
        @Override
        public int compare(String a, String b) {
            return GenericVersions.compare(a, b);
        }
    };

    /** The scheme of an OSV ecosystem name ("Maven", "npm", "PyPI", "Debian:12", "Alpine:v3.18"). */
    public static VersionScheme forEcosystem(String ecosystem) {
        String base = ecosystem.contains(":") ? ecosystem.substring(0, ecosystem.indexOf(':')) : ecosystem;
        switch (base.toLowerCase(Locale.ROOT)) {
            case "debian":
            case "ubuntu":
                return DEBIAN;
            case "alpine":
                return ALPINE;
            case "maven":
                return MAVEN;
            case "npm":
            case "go":
            case "crates.io":
            case "nuget":
                return SEMVER;
            case "pypi":
                return PEP440;
            default:
                return GENERIC;
        }
    }
}
