package dev.medsec.secureboot.verity;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Throughput of {@link VerityVerifier} in a warm JVM, for bench/secureboot-verity.sh:
 * {@code VerityBench DATA HASH ROOT_HEX ROUNDS}. Prints MB/s of data verified per round.
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
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            VerityVerifier.verify(data, hash, p, root);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %.1f ms, %.0f MB/s%n", i + 1, s * 1000, bytes / 1e6 / s);
        }
    }
}
