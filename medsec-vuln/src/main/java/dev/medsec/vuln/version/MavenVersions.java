package dev.medsec.vuln.version;

import org.apache.maven.artifact.versioning.ComparableVersion;

/** Maven's own ordering, from Maven's library rather than a re-implementation of its many special cases. */
final class MavenVersions {
    private MavenVersions() {
    }

    static int compare(String a, String b) {
        return new ComparableVersion(a).compareTo(new ComparableVersion(b));
    }
}
