package dev.medsec.cli.rescore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.medsec.cli.ExitCodes;
import dev.medsec.cli.ScanCommand;
import dev.medsec.core.Severity;
import dev.medsec.vuln.cpe.Cpe;
import dev.medsec.vuln.db.VulnDatabase;
import dev.medsec.vuln.db.VulnDatabaseException;
import dev.medsec.vuln.rescore.Rescore;
import dev.medsec.vuln.rescore.RescoreReport;
import dev.medsec.vuln.rescore.SbomDocument;
import dev.medsec.vuln.rescore.SbomFormatException;
import dev.medsec.vuln.vex.VexDocuments;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code medsec rescore SBOM...}: re-assess shipped SBOMs against today's vulnerability database. */
@Command(name = "rescore", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Match the components of CycloneDX 1.4-1.6 or SPDX 2.3 JSON SBOMs (from medsec or another tool) "
                + "against the current vulnerability database, KEV and EPSS included, without the image: what is "
                + "new since each SBOM's last assessment (or since --since), and the SBOM with its vulnerabilities "
                + "rewritten.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:assessed (and no gate failed)",
                "1:a known-exploited vulnerability with --fail-on-kev, or a new one at or above --fail-on-new",
                "2:bad usage, an unreadable or malformed SBOM, VEX or database", "3:internal error of medsec"})
public final class RescoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "SBOM", description = "SBOM files (JSON), one per shipped release.")
    List<Path> sboms;

    @Option(names = "--db", paramLabel = "FILE", description = "Vulnerability database (default ~/.medsec/medsec.db).")
    String database;

    @Option(names = "--vex", paramLabel = "FILE", description = "OpenVEX or CycloneDX VEX documents (repeatable); "
            + "a CycloneDX SBOM's own analysis is always carried.")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--platform-cpe", paramLabel = "CPE",
            description = "Hardware or OS CPE the device provides, for NVD platform conditions (repeatable).")
    List<String> platformCpes = new ArrayList<>();

    @Option(names = "--since", paramLabel = "DATE",
            description = "Post-market mode: 'new' means published or added to the KEV catalog on or after DATE "
                    + "(YYYY-MM-DD), instead of 'not listed in the SBOM'.")
    String since;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the assessment as JSON (one SBOM).")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write a Markdown draft of a post-market notice (one SBOM).")
    Path markdown;

    @Option(names = "--sbom-out", paramLabel = "FILE",
            description = "Write the CycloneDX SBOM with its vulnerabilities rewritten (one CycloneDX SBOM).")
    Path sbomOut;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write NAME.rescore.json, NAME.rescore.md and (CycloneDX) NAME.rescored.cdx.json per SBOM.")
    Path outDir;

    @Option(names = "--fail-on-kev", description = "Exit 1 when a component has a known-exploited vulnerability "
            + "that no VEX statement resolves.")
    boolean failOnKev;

    @Option(names = "--fail-on-new", paramLabel = "SEVERITY",
            description = "Exit 1 when a new vulnerability (not resolved by VEX) is at or above SEVERITY.")
    String failOnNew;

    @Option(names = {"-q", "--quiet"}, description = "No summary on standard output.")
    boolean quiet;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        // every input is checked before any work: a bad one is exit 2, never a partial assessment
        Optional<LocalDate> sinceDate;
        Optional<Severity> newGate;
        try {
            sinceDate = since == null ? Optional.empty() : Optional.of(LocalDate.parse(since));
            newGate = failOnNew == null ? Optional.empty() : Optional.of(Severity.parse(failOnNew));
        } catch (DateTimeParseException e) {
            err.println("medsec rescore: --since: not a date (YYYY-MM-DD): " + since);
            return ExitCodes.USAGE;
        } catch (IllegalArgumentException e) {
            err.println("medsec rescore: --fail-on-new: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (sboms.size() > 1 && (json != null || markdown != null || sbomOut != null)) {
            err.println("medsec rescore: --json, --markdown and --sbom-out take one SBOM; use --out DIR for several");
            return ExitCodes.USAGE;
        }
        for (Path p : new Path[] {json, markdown, sbomOut}) {
            Optional<String> why = ScanCommand.unwritable(p);
            if (why.isPresent()) {
                err.println("medsec rescore: " + why.get());
                return ExitCodes.USAGE;
            }
        }
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
            err.println("medsec rescore: --out " + outDir + ": not a directory");
            return ExitCodes.USAGE;
        }
        List<Cpe> platforms = new ArrayList<>();
        for (String c : platformCpes) {
            Optional<Cpe> cpe = Cpe.parse(c.strip());
            if (cpe.isEmpty()) {
                err.println("medsec rescore: --platform-cpe: not a CPE 2.3 name: " + c);
                return ExitCodes.USAGE;
            }
            platforms.add(cpe.get());
        }
        VexDocuments vexDocs;
        try {
            for (Path v : vex) {
                if (!Files.isRegularFile(v)) {
                    err.println("medsec rescore: --vex " + v + ": no such file");
                    return ExitCodes.USAGE;
                }
            }
            vexDocs = vex.isEmpty() ? VexDocuments.empty() : VexDocuments.read(vex);
        } catch (IOException e) {
            err.println("medsec rescore: --vex: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        List<SbomDocument> docs = new ArrayList<>();
        for (Path p : sboms) {
            try {
                docs.add(SbomDocument.read(p));
            } catch (SbomFormatException e) {
                err.println("medsec rescore: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        if (sbomOut != null && !docs.get(0).isCycloneDx()) {
            err.println("medsec rescore: --sbom-out: " + docs.get(0).path().getFileName()
                    + " is SPDX 2.3, which has no vulnerabilities section to rewrite; use --json");
            return ExitCodes.USAGE;
        }
        Path dbFile = VulnDatabase.location(Optional.ofNullable(database));
        Instant now = Instant.now();
        boolean failed = false;
        try (VulnDatabase db = VulnDatabase.openExisting(dbFile).orElse(null)) {
            if (db == null) {
                err.println("medsec rescore: no vulnerability database at " + dbFile
                        + "; create one with 'medsec db import' or 'medsec db update'");
                return ExitCodes.USAGE;
            }
            if (outDir != null) {
                Files.createDirectories(outDir);
            }
            for (SbomDocument doc : docs) {
                Rescore.Result r = Rescore.run(doc, db, vexDocs, platforms, sinceDate);
                write(r, now);
                if (!quiet) {
                    summary(out, r);
                }
                failed |= failOnKev && !r.knownExploited().isEmpty();
                failed |= newGate.isPresent() && RescoreReport.newAtLeast(r, newGate.get());
            }
        } catch (VulnDatabaseException e) {
            err.println("medsec rescore: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private void write(Rescore.Result r, Instant now) throws IOException {
        Path j = json;
        Path m = markdown;
        Path s = sbomOut;
        if (outDir != null) {
            String stem = r.sbom().path().getFileName().toString().replaceFirst("(?i)\\.json$", "");
            j = outDir.resolve(stem + ".rescore.json");
            m = outDir.resolve(stem + ".rescore.md");
            s = r.sbom().isCycloneDx() ? outDir.resolve(stem + ".rescored.cdx.json") : null;
        }
        if (j != null) {
            mkParents(j);
            MAPPER.writeValue(j.toFile(), RescoreReport.json(r, now));
        }
        if (m != null) {
            mkParents(m);
            Files.writeString(m, RescoreReport.markdown(r, now), StandardCharsets.UTF_8);
        }
        if (s != null) {
            mkParents(s);
            MAPPER.writeValue(s.toFile(), RescoreReport.cycloneDx(r, now));
        }
    }

    private static void mkParents(Path p) throws IOException {
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static void summary(PrintWriter out, Rescore.Result r) {
        out.printf("%s (%s): %d components assessed, %d not assessable, %d affected; %d vulnerabilities, %d new%s, "
                        + "%d known exploited; matched in %d ms%n", r.sbom().subject(), r.sbom().path().getFileName(),
                r.sbom().entries().size(), r.sbom().unassessable().size(), r.componentsAffected(),
                r.vulnerabilities().size(), r.newOnes().size(), r.since().map(d -> " since " + d).orElse(""),
                r.knownExploited().size(), r.matchNanos() / 1_000_000);
        r.vulnerabilities().stream().filter(a -> (a.isNew() || a.kev().isPresent()) && !a.resolved()).limit(10)
                .forEach(a -> out.printf("  %-8s %-20s %s %s%s%s%n", a.severity().label().toUpperCase(java.util.Locale.ROOT),
                        a.id(), a.entry().component().name(), a.entry().component().version(),
                        a.kev().map(k -> "  [KEV " + k.dateAdded() + "]").orElse(""),
                        a.match().fixed().map(f -> "  fixed in " + f).orElse("")));
    }
}
