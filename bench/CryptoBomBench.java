import dev.medsec.checks.crypto.cbom.CryptoBomBuilder;
import dev.medsec.cli.BuiltInChecks;
import dev.medsec.cli.scan.EngineOptions;
import dev.medsec.cli.scan.Progress;
import dev.medsec.cli.scan.ScanEngine;
import dev.medsec.cli.scan.ScanOutcome;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.sbom.crypto.CryptoAsset;
import dev.medsec.sbom.crypto.CryptoBom;
import dev.medsec.sbom.write.SbomWriter;
import dev.medsec.unpack.Sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cost of the crypto bill of materials in a CycloneDX SBOM: unpacks and catalogs TREE once (as
 * {@code medsec sbom} does), then times, RUNS times each, the CBOM build (ELF and certificate views of the whole
 * image, cold on the first run, cached afterwards) and the CycloneDX writer with and without it, and prints the
 * sizes. Run: java -cp medsec-cli/target/medsec.jar bench/CryptoBomBench.java TREE [RUNS]
 */
public class CryptoBomBench {
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        EngineOptions options = EngineOptions.defaults();
        ScanEngine engine = new ScanEngine(List.of(), BuiltInChecks.catalogers(), options);
        try (Sandbox sandbox = Sandbox.create(options.limits())) {
            long t0 = System.nanoTime();
            ScanOutcome o = engine.scan(target, ScanSettings.defaults().withNow(Instant.now()), sandbox, Progress.silent());
            System.out.printf("unpack+catalog: %d ms, %d files, %d components%n", (System.nanoTime() - t0) / 1_000_000,
                    o.files(), o.image().components().size());
            CryptoBom cbom = null;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                cbom = CryptoBomBuilder.of(o.image());
                System.out.printf("cbom build run %d: %d ms%n", i + 1, (System.nanoTime() - t) / 1_000_000);
            }
            Map<String, Integer> kinds = new TreeMap<>();
            for (CryptoAsset a : cbom.assets()) {
                kinds.merge(a.getClass().getSimpleName(), 1, Integer::sum);
            }
            System.out.printf("assets %s, providers %d, users %d%n", kinds, cbom.providers().size(), cbom.users().size());
            Path plain = Files.createTempFile("sbom", ".json");
            Path with = Files.createTempFile("cbom", ".json");
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                SbomWriter.writeCycloneDx(o.image(), List.of(), plain);
                long t1 = System.nanoTime();
                SbomWriter.writeCycloneDx(o.image(), List.of(), cbom, with);
                long t2 = System.nanoTime();
                System.out.printf("write run %d: sbom %d ms, sbom+cbom %d ms%n", i + 1, (t1 - t) / 1_000_000,
                        (t2 - t1) / 1_000_000);
            }
            System.out.printf("size: sbom %d bytes, sbom+cbom %d bytes (+%d)%n", Files.size(plain), Files.size(with),
                    Files.size(with) - Files.size(plain));
            Files.copy(with, Path.of(System.getProperty("cbom.out", "/dev/null")),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.delete(plain);
            Files.delete(with);
        }
    }
}
