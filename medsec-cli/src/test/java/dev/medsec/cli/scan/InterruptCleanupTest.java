package dev.medsec.cli.scan;

import dev.medsec.testkit.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGINT (what Ctrl-C sends) to a scan that is unpacking: the process ends as interrupted and leaves
 * nothing behind, neither in $TMPDIR nor on the memory-backed filesystem.
 */
class InterruptCleanupTest {
    @TempDir
    Path tmp;

    @Test
    void sigint_whileUnpacking_workDirectoriesRemoved() throws Exception {
        Tools.require("bash");
        bigTar();
        Path tmpdir = Files.createDirectories(tmp.resolve("tmpdir"));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.medsec.cli.Medsec", "scan", tmp.resolve("big.tar").toString(), "-q")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("scan.log").toFile());
        pb.environment().put("TMPDIR", tmpdir.toString());
        Process scan = pb.start();
        long pid = scan.pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (bytesBelow(tmpdir) + bytesBelow(memoryDirs(pid)) < 1_000_000 && scan.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(scan.isAlive()).as("the scan must still be unpacking when the signal is sent").isTrue();
        // bash's builtin kill: the kill binary (procps) may not be installed
        Tools.run(tmp, "bash", "-c", "kill -INT " + pid);
        assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(scan.exitValue()).as(Files.readString(tmp.resolve("scan.log"))).isEqualTo(130);
        try (Stream<Path> left = Files.list(tmpdir)) {
            assertThat(left.toList()).as("left in $TMPDIR").isEmpty();
        }
        assertThat(memoryDirs(pid)).as("left on /dev/shm").isEmpty();
    }

    /**
     * --scan-timeout on a scan that needs longer: it stops, says so in errors, coverage and gate, and exits 1 —
     * a partial scan never passes as a whole one.
     */
    @Test
    void scanTimeout_stopsTheScan_reportSaysSo_gateFails() throws Exception {
        bigTar();
        Path json = tmp.resolve("r.json");
        dev.medsec.cli.CliRun r = dev.medsec.cli.CliRun.of("scan", tmp.resolve("big.tar").toString(), "--scan-timeout", "1",
                "--threads", "1", "--memory-budget", "0", "--json", json.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("Scan STOPPED by --scan-timeout");
        com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(j.get("gate").get("scanStopped").asBoolean()).isTrue();
        assertThat(j.get("gate").get("passed").asBoolean()).isFalse();
        assertThat(j.get("scanStopped").get("afterSeconds").asInt()).isEqualTo(1);
        assertThat(j.get("errors").toString()).contains("scan stopped by --scan-timeout after 1 s");
        assertThat(j.get("coverage").get("percent").asDouble()).isLessThan(100.0);
        assertThat(j.get("stats").get("files").asInt()).isLessThan(20_000);
        assertThat(dev.medsec.cli.CliRun.of("scan", tmp.toString(), "--scan-timeout", "0").exit()).isEqualTo(2);
    }

    /** big.tar: 20,000 members of 4 KiB made by tar(1) — seconds of unpacking and checking. */
    private void bigTar() throws Exception {
        Tools.require("tar");
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        byte[] content = new byte[4096];
        for (int d = 0; d < 100; d++) {
            Path dir = Files.createDirectories(tree.resolve("d" + d));
            for (int f = 0; f < 200; f++) {
                content[0] = (byte) f;
                content[1] = (byte) d;
                Files.write(dir.resolve("f" + f + ".txt"), content);
            }
        }
        Tools.run(tmp, "tar", "-cf", "big.tar", "-C", tree.toString(), ".");
    }

    private static List<Path> memoryDirs(long pid) throws Exception {
        Path shm = Path.of("/dev/shm");
        if (!Files.isDirectory(shm)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(shm)) {
            return s.filter(p -> p.getFileName().toString().startsWith("medsec-mem-" + pid + "-")).toList();
        }
    }

    private static long bytesBelow(Path dir) {
        return bytesBelow(List.of(dir));
    }

    private static long bytesBelow(List<Path> dirs) {
        long n = 0;
        for (Path d : dirs) {
            try (Stream<Path> s = Files.walk(d)) {
                n += s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            } catch (Exception e) {
                // a file deleted while walking
            }
        }
        return n;
    }
}
