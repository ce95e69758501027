package dev.medsec.cli;

import dev.medsec.core.catalog.Cataloger;
import dev.medsec.core.check.Check;

import java.util.List;

/**
 * Every built-in check, in one explicit list sorted by class name within each principle. Adding a check is
 * one line here plus its class and test. (ServiceLoader is kept for third-party plugins only.)
 */
public final class BuiltInChecks {
    private BuiltInChecks() {
    }

    public static List<Check> all() {
        return List.of(
                // Principle 1: hardware security

                // Principle 2: toolchain hardening

                // Principle 3: attack surface
                new dev.medsec.checks.soup.EndOfSupport(),
                new dev.medsec.checks.soup.KnownVulnerability()

                // Principle 4: untrusted input

                // Principle 5: memory management

                // Principle 6: sensitive data

                // Principle 7: strong cryptography
        );
    }

    /** Component catalogers, run before the checks. */
    public static List<Cataloger> catalogers() {
        return List.of(
                new dev.medsec.sbom.catalog.ApkCataloger(),
                new dev.medsec.sbom.catalog.BinaryClassifierCataloger(),
                new dev.medsec.sbom.catalog.BuildManifestCataloger(),
                new dev.medsec.sbom.catalog.DpkgCataloger(),
                new dev.medsec.sbom.catalog.JavaArchiveCataloger(),
                new dev.medsec.sbom.catalog.NpmPackageCataloger(),
                new dev.medsec.sbom.catalog.OpkgCataloger(),
                new dev.medsec.sbom.catalog.PythonPackageCataloger()
        );
    }
}
