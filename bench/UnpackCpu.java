import dev.medsec.unpack.ImageBuilder;
import dev.medsec.unpack.Sandbox;
import dev.medsec.unpack.UnpackLimits;
import dev.medsec.unpack.UnpackResult;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * CPU time of the unpack stage alone (layout readers, carving, in-process filesystem readers) on one image, in
 * this JVM only: external extractors (unsquashfs, debugfs) run as child processes and are not counted.
 * Usage: java -cp ... UnpackCpu IMAGE [runs]. Prints the CPU and wall time of each run and what was reached.
 */
public final class UnpackCpu {
    public static void main(String[] args) throws Exception {
        Path image = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < runs; i++) {
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            try (Sandbox sb = Sandbox.create(UnpackLimits.defaults())) {
                UnpackResult r = new ImageBuilder(sb).build(image);
                long cpu = os.getProcessCpuTime() - cpu0;
                System.out.printf("run %d: cpu %.3f s, wall %.3f s, %d artifacts, coverage %.1f %%, %d errors%n", i + 1,
                        cpu / 1e9, (System.nanoTime() - t0) / 1e9, r.artifacts().size(), r.coverage().percent(), r.errors().size());
            }
        }
    }
}
