package dev.medsec.cli.sbom;

import dev.medsec.checks.crypto.cbom.CryptoBomBuilder;
import dev.medsec.cli.BuiltInChecks;
import dev.medsec.cli.ExitCodes;
import dev.medsec.cli.scan.EngineOptions;
import dev.medsec.cli.scan.Progress;
import dev.medsec.cli.scan.ScanEngine;
import dev.medsec.cli.scan.ScanOutcome;
import dev.medsec.core.ScanError;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.write.SbomWriter;
import dev.medsec.unpack.Sandbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code medsec sbom TARGET}: unpack and catalog only (no checks), then write the SBOM. */
@Command(name = "sbom", mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "2:bad usage or an unreadable target", "3:internal error of medsec"},
        description = "Write the SBOM of a firmware image, root filesystem or archive (no checks are run).")
public final class SbomCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = "Directory, image or archive.")
    Path target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Output file (default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "cyclonedx",
            description = "cyclonedx (CycloneDX 1.6 JSON with the crypto bill of materials, default) or spdx (SPDX 2.3 JSON).")
    String format;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "Device profile (YAML): its manufacturer, product and sbomAuthors fill the SBOM's supplier, "
                    + "manufacturer, authors and root component (FDA minimum elements).")
    Path profile;

    @Override
    public Integer call() throws IOException {
        if (profile != null) {
            try {
                dev.medsec.profile.DeviceProfile.load(profile);
            } catch (dev.medsec.profile.InvalidProfileException e) {
                System.err.println("medsec: " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        if (!Files.exists(target)) {
            System.err.println("medsec: target not found: " + target);
            return ExitCodes.USAGE;
        }
        if (!format.equals("cyclonedx") && !format.equals("spdx")) {
            System.err.println("medsec: unknown SBOM format '" + format + "' (cyclonedx, spdx)");
            return ExitCodes.USAGE;
        }
        EngineOptions options = EngineOptions.defaults();
        ScanEngine engine = new ScanEngine(List.of(), BuiltInChecks.catalogers(), options);
        try (Sandbox sandbox = Sandbox.create(options.limits())) {
            ScanOutcome outcome;
            try {
                ScanSettings settings = ScanSettings.defaults().withNow(Instant.now());
                outcome = engine.scan(target, profile == null ? settings : settings.withProfile(profile), sandbox,
                        Progress.silent());
            } catch (IOException e) {
                System.err.println("medsec: cannot read target: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            for (ScanError e : outcome.errors()) {
                System.err.println("medsec: " + e.path() + ": " + e.message());
            }
            Path out = output != null ? output : Files.createTempFile(sandbox.root(), "sbom", ".json");
            SbomWriter.Subject subject = new SbomWriter.Subject(dev.medsec.cli.Version.get(),
                    java.util.Optional.of(outcome.targetSha256()));
            if (format.equals("spdx")) {
                SbomWriter.writeSpdx(outcome.image(), subject, out);
            } else {
                // the crypto bill of materials (CycloneDX 1.6 cryptographic assets) comes with the CycloneDX SBOM
                SbomWriter.writeCycloneDx(outcome.image(), List.of(), CryptoBomBuilder.of(outcome.image()), subject, out);
            }
            if (output == null) {
                System.out.print(Files.readString(out));
            } else {
                System.err.println("medsec: " + outcome.image().components().size() + " components written to "
                        + output);
            }
        }
        return ExitCodes.OK;
    }
}
