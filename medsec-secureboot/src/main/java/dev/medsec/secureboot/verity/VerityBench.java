package dev.medsec.secureboot.verity;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Throughput of {@link VerityVerifier} in a warm JVM, for bench/secureboot-verity.sh:
 * {@code VerityBench DATA HASH ROOT_HEX ROUNDS}. Prints MB/s of data verified per round, by wall time and by
 * process CPU time (on a shared machine the wall time measures the neighbours as much as the code).
 */
public final class VerityBench {
    private VerityBench() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path hash = Path.of(args[1]);
        byte[] root = HexFormat.of().parseHex(args[2]);
        int rounds = Integer.parseInt(args[3]);
        VerityParams p = VerityParams.readSuperblock(ByteBuffer.wrap(Files.readAllBytes(hash)), 0);
        long bytes = Files.size(data);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < rounds; i++) {
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            VerityVerifier.verify(data, hash, p, root);
            double s = (System.nanoTime() - t0) / 1e9;
            double cpu = (os.getProcessCpuTime() - c0) / 1e9;
            System.out.printf("round %d: wall %.1f ms = %.0f MB/s; CPU %.1f ms = %.0f MB/s per core, %.0f MB/s on %d idle cores%n",
                    i + 1, s * 1000, bytes / 1e6 / s, cpu * 1000, bytes / 1e6 / cpu, bytes / 1e6 / cpu * cores, cores);
        }
    }
}
