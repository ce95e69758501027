import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.FileCheck;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.classify.FileType;
import dev.medsec.cli.BuiltInChecks;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Times the Principle 2 file checks alone over a directory tree (walk, magic-byte classification, ELF parse,
 * every hardening FileCheck), in parallel like the scan engine: the work checksec does, without the rest of a
 * medsec scan. Run: java -cp medsec-cli/target/medsec.jar bench/HardeningOnly.java TREE
 */
public class HardeningOnly {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long t0 = System.nanoTime();
        List<FileCheck> checks = BuiltInChecks.all().stream()
                .filter(c -> c instanceof FileCheck && c.getClass().getPackageName().endsWith(".hardening"))
                .map(c -> (FileCheck) c).toList();
        List<FindingCollector> outs = checks.stream().map(c -> new FindingCollector(CheckMetadata.of(c))).toList();
        AtomicInteger elf = new AtomicInteger();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        files.parallelStream().forEach(p -> {
            try {
                Artifact a = Artifact.ofFile("", "/" + root.relativize(p), FileMeta.of(EntryKind.FILE), p);
                if (a.type() != FileType.ELF) {
                    return;
                }
                elf.incrementAndGet();
                for (int i = 0; i < checks.size(); i++) {
                    if (checks.get(i).appliesTo(a)) {
                        checks.get(i).inspect(a, outs.get(i));
                    }
                }
            } catch (Exception e) {
                System.err.println(p + ": " + e);
            }
        });
        int findings = outs.stream().mapToInt(o -> o.findings().size()).sum();
        System.out.printf("%d files, %d ELF, %d checks, %d findings in %.0f ms%n", files.size(), elf.get(),
                checks.size(), findings, (System.nanoTime() - t0) / 1e6);
    }
}
