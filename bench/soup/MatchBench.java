import dev.medsec.core.Component;
import dev.medsec.vuln.cpe.Cpe;
import dev.medsec.vuln.db.VulnDatabase;
import dev.medsec.vuln.match.Match;
import dev.medsec.vuln.match.VulnerabilityMatcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Matching benchmark: 10,000 components (CPE components of the generated products with random versions, and
 * Maven/npm purls of the real OSV packages) matched against a database. Run by soup-db-bench.sh.
 */
public class MatchBench {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        String[][] products = {{"openssl", "openssl"}, {"busybox", "busybox"}, {"haxx", "libcurl"},
                {"zlib", "zlib"}, {"sqlite", "sqlite"}, {"gnu", "glibc"}, {"thekelleys", "dnsmasq"},
                {"lighttpd", "lighttpd"}, {"arm", "mbed_tls"}, {"xmlsoft", "libxml2"}};
        String[] purls = {"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.%d",
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.%d.0", "pkg:npm/lodash@4.17.%d",
                "pkg:npm/minimist@1.2.%d"};
        Random r = new Random(42);
        List<Component> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (i % 5 == 4) {
                String p = String.format(purls[r.nextInt(purls.length)], r.nextInt(22));
                cs.add(new Component("c" + i, p.substring(p.lastIndexOf('@') + 1), Optional.of(p), Optional.empty(),
                        "jar", "/app/c" + i + ".jar", Map.of()));
            } else {
                String[] vp = products[r.nextInt(products.length)];
                String version = (1 + r.nextInt(3)) + "." + r.nextInt(40) + "." + r.nextInt(20);
                String product = vp[1] + "_g" + r.nextInt(5000);
                String cpe = Cpe.application(vp[0], product, version, "").format();
                cs.add(new Component(product, version, Optional.empty(), Optional.of(cpe), "binary-classifier",
                        "/usr/lib/c" + i, Map.of()));
            }
        }
        try (VulnDatabase d = VulnDatabase.openExisting(db).orElseThrow()) {
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                long c0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                VulnerabilityMatcher m = new VulnerabilityMatcher(d, List.of());
                int matches = 0;
                for (Component c : cs) {
                    List<Match> ms = m.match(c);
                    matches += ms.size();
                }
                long cpu = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - c0;
                System.out.printf("round %d: matched %d components in %d ms wall, %d ms CPU, %d matches%n", round,
                        cs.size(), (System.nanoTime() - t0) / 1_000_000, cpu / 1_000_000, matches);
            }
        }
    }
}
