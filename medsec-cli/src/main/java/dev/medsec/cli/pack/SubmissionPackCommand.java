package dev.medsec.cli.pack;

import dev.medsec.cli.ExitCodes;
import dev.medsec.cli.ScanCommand;
import dev.medsec.report.pack.SubmissionPack;
import dev.medsec.trust.Certificates;
import dev.medsec.trust.DetachedSigner;
import dev.medsec.trust.DetachedVerifier;
import dev.medsec.trust.KeyRef;
import dev.medsec.trust.Keys;
import dev.medsec.trust.PrivateKeyHandle;
import dev.medsec.trust.TrustException;
import dev.medsec.trust.VerificationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code medsec submission-pack TARGET --out DIR}: the regulatory file of one firmware release. */
@Command(name = "submission-pack", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Scan a firmware image (or take an earlier scan's report and SBOMs) and write the cybersecurity "
                + "submission pack: SBOMs with the FDA minimum elements, the component risk report, the test evidence, "
                + "the security architecture view, a traceability matrix to the FDA premarket guidance and IEC 81001-5-1, "
                + "the HTML report and a SHA-256 manifest, signed (CMS) when a key is given. Reproducible: the same inputs "
                + "(and SOURCE_DATE_EPOCH for a scan) give byte-identical files.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:pack written", "2:bad usage, an unreadable input, a non-empty --out, or a key that cannot sign",
                "3:internal error of medsec"})
public final class SubmissionPackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "TARGET", description = "Firmware image, archive or directory to scan.")
    Path target;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory for the pack (new or empty).")
    Path out;

    @Option(names = "--report", paramLabel = "FILE", description = "Build from an earlier scan's report.json instead of scanning "
            + "(with --sarif-in, --cyclonedx-in and --spdx-in).")
    Path report;

    @Option(names = "--sarif-in", paramLabel = "FILE", description = "With --report: its SARIF.")
    Path sarifIn;

    @Option(names = "--cyclonedx-in", paramLabel = "FILE", description = "With --report: its CycloneDX SBOM.")
    Path cyclonedxIn;

    @Option(names = "--spdx-in", paramLabel = "FILE", description = "With --report: its SPDX SBOM.")
    Path spdxIn;

    @Option(names = "--profile", paramLabel = "FILE", description = "Device profile (manufacturer, product, interfaces...).")
    Path profile;

    @Option(names = "--db", paramLabel = "LOCATION", description = "Vulnerability database, or 'none'.")
    String db;

    @Option(names = "--vex", paramLabel = "FILE", description = "VEX documents (repeatable).")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--platform-cpe", paramLabel = "CPE", description = "Platform CPEs (repeatable).")
    List<String> platformCpes = new ArrayList<>();

    @Option(names = "--sign-key", paramLabel = "KEYREF", description = "Sign the manifest with this key (as medsec sign --key).")
    String signKey;

    @Option(names = "--sign-cert", paramLabel = "CERT", description = "Signer certificate chain (PEM) for --sign-key.")
    Path signCert;

    @Option(names = "--sign-password-file", paramLabel = "FILE", description = "Password or PIN of --sign-key.")
    Path signPasswordFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if ((target == null) == (report == null)) {
            err.println("medsec submission-pack: give a TARGET to scan, or --report with --sarif-in, --cyclonedx-in and --spdx-in");
            return ExitCodes.USAGE;
        }
        if (report != null) {
            for (Path p : new Path[] {report, sarifIn, cyclonedxIn, spdxIn}) {
                if (p == null || !Files.isRegularFile(p)) {
                    err.println("medsec submission-pack: --report needs --sarif-in, --cyclonedx-in and --spdx-in (readable files): "
                            + (p == null ? "one is missing" : p + " is not a file"));
                    return ExitCodes.USAGE;
                }
            }
        }
        if (Files.exists(out)) {
            boolean empty;
            try (Stream<Path> s = Files.isDirectory(out) ? Files.list(out) : Stream.of(out)) {
                empty = Files.isDirectory(out) && s.findAny().isEmpty();
            }
            if (!empty) {
                err.println("medsec submission-pack: --out " + out + " exists and is not an empty directory");
                return ExitCodes.USAGE;
            }
        }
        if (signCert != null && signKey == null) {
            err.println("medsec submission-pack: --sign-cert needs --sign-key");
            return ExitCodes.USAGE;
        }
        PrivateKeyHandle key = null;
        if (signKey != null) {
            // the key is opened before any work: a wrong PIN is exit 2 now, not after the scan
            try {
                key = Keys.open(KeyRef.parse(signKey), dev.medsec.cli.trust.CliPasswords.of(Optional.ofNullable(signPasswordFile)));
                if (signCert != null) {
                    key = key.withChain(Certificates.read(signCert));
                }
                DetachedVerifier.checkSignerCertificate(key.certificate(), new java.util.Date());
            } catch (VerificationException e) {
                err.println("medsec submission-pack: refusing to sign: " + e.reason());
                return ExitCodes.USAGE;
            } catch (TrustException e) {
                err.println("medsec submission-pack: --sign-key: " + e.reason());
                return ExitCodes.USAGE;
            }
        }
        Files.createDirectories(out);
        Path json;
        Path sarif;
        Path cdx;
        Path spdx;
        if (report == null) {
            json = out.resolve("report.json");
            sarif = out.resolve("report.sarif");
            cdx = out.resolve("sbom.cdx.json");
            spdx = out.resolve("sbom.spdx.json");
            List<String> args = new ArrayList<>(List.of(target.toString(), "-q", "--fail-on", "none", "--json", json.toString(),
                    "--sarif", sarif.toString(), "--sbom-cyclonedx", cdx.toString(), "--sbom-spdx", spdx.toString()));
            if (profile != null) {
                args.addAll(List.of("--profile", profile.toString()));
            }
            if (db != null) {
                args.addAll(List.of("--db", db));
            }
            vex.forEach(v -> args.addAll(List.of("--vex", v.toString())));
            platformCpes.forEach(c -> args.addAll(List.of("--platform-cpe", c)));
            CommandLine scan = new CommandLine(new ScanCommand());
            scan.setOut(spec.commandLine().getOut());
            scan.setErr(err);
            int code = scan.execute(args.toArray(new String[0]));
            if (code != ExitCodes.OK && code != ExitCodes.FAILED) {
                err.println("medsec submission-pack: the scan failed (exit " + code + "); no pack written");
                return code;
            }
        } else {
            json = report;
            sarif = sarifIn;
            cdx = cyclonedxIn;
            spdx = spdxIn;
        }
        List<String> files;
        try {
            files = SubmissionPack.build(out, json, sarif, cdx, spdx);
        } catch (IOException e) {
            err.println("medsec submission-pack: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Path manifest = out.resolve(SubmissionPack.MANIFEST);
        if (key != null) {
            try {
                DetachedSigner signer = DetachedSigner.create(key);
                Files.write(out.resolve(SubmissionPack.MANIFEST + ".p7s"), signer.sign(manifest));
            } catch (TrustException e) {
                err.println("medsec submission-pack: signing failed: " + e.reason());
                return ExitCodes.USAGE;
            }
        }
        stdout.println("submission pack written to " + out + ": " + files.size() + " files in " + SubmissionPack.MANIFEST
                + (key == null ? " (not signed: give --sign-key, or run medsec sign " + manifest + ")"
                : ", signed (" + SubmissionPack.MANIFEST + ".p7s)"));
        stdout.flush();
        return ExitCodes.OK;
    }
}
