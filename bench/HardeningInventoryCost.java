import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.check.ImageCheck;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.image.Image;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.cli.BuiltInChecks;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the "hardening" report section (check hardening.inventory) adds to a scan: one thread, warm JIT, fresh
 * artifacts (no cached ELF views) in every round, alternating the Principle 2 file checks alone (A) with the
 * same checks followed by the inventory (B). Prints the median of each and the difference.
 * Run: java -cp medsec-cli/target/medsec.jar bench/HardeningInventoryCost.java TREE [ROUNDS]
 */
public class HardeningInventoryCost {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<FileCheck> checks = BuiltInChecks.all().stream()
                .filter(c -> c instanceof FileCheck && c.getClass().getPackageName().endsWith(".hardening"))
                .map(c -> (FileCheck) c).toList();
        ImageCheck inventory = BuiltInChecks.all().stream()
                .filter(c -> c.getClass().getSimpleName().equals("HardeningInventory"))
                .map(c -> (ImageCheck) c).findFirst().orElseThrow();
        List<Path> elfs = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (artifact(root, p).type() == FileType.ELF) {
                    elfs.add(p);
                }
            }
        }
        long[] a = new long[rounds];
        long[] b = new long[rounds];
        for (int r = -2; r < rounds; r++) {   // two warm-up rounds
            long ta = round(root, elfs, checks, null);
            long tb = round(root, elfs, checks, inventory);
            if (r >= 0) {
                a[r] = ta;
                b[r] = tb;
            }
        }
        Arrays.sort(a);
        Arrays.sort(b);
        System.out.printf("%d ELF files, %d checks: file checks %.1f ms, with inventory %.1f ms, added %.1f ms "
                + "(medians of %d rounds, one thread)%n", elfs.size(), checks.size(), a[rounds / 2] / 1e6,
                b[rounds / 2] / 1e6, (b[rounds / 2] - a[rounds / 2]) / 1e6, rounds);
    }

    private static Artifact artifact(Path root, Path p) throws java.io.IOException {
        return Artifact.ofFile("", "/" + root.relativize(p), FileMeta.of(EntryKind.FILE), p);
    }

    private static long round(Path root, List<Path> elfs, List<FileCheck> checks, ImageCheck inventory)
            throws Exception {
        List<Artifact> artifacts = new ArrayList<>();
        for (Path p : elfs) {
            Artifact art = artifact(root, p);
            art.type();
            artifacts.add(art);
        }
        long t0 = System.nanoTime();
        for (Artifact art : artifacts) {
            for (FileCheck c : checks) {
                if (c.appliesTo(art)) {
                    c.inspect(art, new FindingCollector(CheckMetadata.of(c)));
                }
            }
        }
        if (inventory != null) {
            inventory.inspect(new Image("bench", artifacts, ScanSettings.defaults()), new FindingCollector(CheckMetadata.of(inventory)));
        }
        return System.nanoTime() - t0;
    }
}
