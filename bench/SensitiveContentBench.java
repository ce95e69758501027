import dev.medsec.checks.sensitive.PrivateKeyPemCheck;
import dev.medsec.checks.sensitive.SecretTokenCheck;
import dev.medsec.core.check.CheckInfo;
import dev.medsec.core.check.CheckMetadata;
import dev.medsec.core.check.ContentCheck;
import dev.medsec.core.check.ContentEngine;
import dev.medsec.core.check.FindingCollector;
import dev.medsec.core.check.Findings;
import dev.medsec.core.content.BytePattern;
import dev.medsec.core.content.PatternHit;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.EntryKind;
import dev.medsec.core.image.FileMeta;
import dev.medsec.core.Principle;
import dev.medsec.core.Severity;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What principle 6 content scanning costs on a real tree, in process (no JVM start, no unpack):
 *   read   - touch every byte of every file (the I/O and page-cache floor)
 *   pass   - the shared automaton with one improbable anchor (the pass every content check shares)
 *   p6     - the automaton with the principle 6 anchors plus their confirmation (PEM parse, rule regexes)
 * "added by principle 6" = p6 - pass. Single-threaded, thread CPU time, best of N runs after a warm-up.
 */
public final class SensitiveContentBench {
    @CheckInfo(id = "sensitive.bench-baseline", principle = Principle.SENSITIVE_DATA, severity = Severity.INFO,
            cwe = {1}, summary = "baseline", remediation = "none")
    static final class Baseline implements ContentCheck {
        public boolean appliesTo(Artifact a) { return a.hasContent(); }
        public List<BytePattern> patterns() { return List.of(BytePattern.hex("never", "00 ff 00 ff 13 37 c0 de")); }
        public void inspect(Artifact a, List<PatternHit> hits, Findings out) { }
    }

    public static void main(String[] args) throws Exception {
        Path tree = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Artifact> files = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> s = Files.walk(tree)) {
            for (Path p : s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (Files.size(p) == 0) continue;
                files.add(Artifact.ofFile("", "/" + tree.relativize(p), FileMeta.of(EntryKind.FILE, 0644, 0, 0), p));
                bytes += Files.size(p);
            }
        }
        System.out.printf("tree: %d files, %.1f MB%n", files.size(), bytes / 1e6);
        List<ContentCheck> p6 = List.of(new PrivateKeyPemCheck(), new SecretTokenCheck());
        ContentEngine pass = new ContentEngine(List.of(new Baseline()));
        ContentEngine all = new ContentEngine(p6);
        long read = best(runs, () -> { long x = 0; for (Artifact a : files) { ByteBuffer b = a.bytes();
            for (int i = b.position(); i < b.limit(); i += 512) x += b.get(i); } return x; });
        long basePass = best(runs, () -> scan(pass, files));
        long withP6 = best(runs, () -> scan(all, files));
        int[] findings = new int[1];
        Map<ContentCheck, FindingCollector> out = collectors(all);
        for (Artifact a : files) all.scan(a, out);
        out.values().forEach(c -> findings[0] += c.findings().size());
        System.out.printf("read (touch every page)        %6d ms CPU%n", read);
        System.out.printf("shared pass (1 dummy anchor)   %6d ms CPU  %.0f MB/s%n", basePass, bytes / 1e3 / basePass);
        System.out.printf("pass + principle 6 content     %6d ms CPU  %.0f MB/s%n", withP6, bytes / 1e3 / withP6);
        System.out.printf("added by principle 6           %6d ms CPU%n", withP6 - basePass);
        System.out.printf("principle 6 content findings on this tree: %d%n", findings[0]);
        for (var e : out.entrySet()) for (var f : e.getValue().findings())
            System.out.println("  " + f.checkId() + " " + f.path() + " " + f.evidence());
    }

    interface Work { long run() throws Exception; }

    static long best(int runs, Work w) throws Exception {
        // Thread CPU time, not wall time: on a shared machine the wall clock mostly measures the neighbours.
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        w.run();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t = mx.getCurrentThreadCpuTime();
            w.run();
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - t) / 1_000_000);
        }
        return best;
    }

    static Map<ContentCheck, FindingCollector> collectors(ContentEngine e) {
        Map<ContentCheck, FindingCollector> m = new IdentityHashMap<>();
        for (ContentCheck c : e.checks()) m.put(c, new FindingCollector(CheckMetadata.of(c)));
        return m;
    }

    static long scan(ContentEngine e, List<Artifact> files) throws Exception {
        Map<ContentCheck, FindingCollector> m = collectors(e);
        for (Artifact a : files) e.scan(a, m);
        return m.size();
    }
}
