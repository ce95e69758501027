package dev.medsec.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tools (gcc, openssl, mkimage, ...) that make test fixtures. A missing tool skips the test with
 * a visible reason locally; under CI (environment CI=true) it fails, because CI installs every tool.
 */
public final class Tools {
    private Tools() {
    }

    /** Asserts the tool is on PATH (skip locally, fail in CI). */
    public static void require(String tool) {
        boolean found = find(tool);
        if (!found && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("tool '" + tool + "' missing on CI: add its package to scripts/debian-packages.d/");
        }
        Assumptions.assumeTrue(found, "tool '" + tool + "' not installed: test skipped");
    }

    public static boolean find(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** A fixture tool that runs longer than this fails the test. */
    static final long TIMEOUT_SECONDS = Long.getLong("medsec.toolTimeoutSeconds", 300);

    /** Runs a command in {@code dir}; fails the test with its output when it exits non-zero or outruns the limit. */
    public static String run(Path dir, String... command) {
        return run(dir, TIMEOUT_SECONDS, command);
    }

    static String run(Path dir, long timeoutSeconds, String... command) {
        try {
            List<String> cmd = new ArrayList<>(List.of(command));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
            Process p = pb.start();
            p.getOutputStream().close();
            // The output is drained on a thread of its own, so that the time limit below can fire while a hung
            // tool keeps its output open (reading it first would wait for the tool forever).
            java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    return new byte[0];
                }
            });
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            byte[] out;
            try {
                out = output.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                out = new byte[0];
            }
            String text = new String(out, java.nio.charset.StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("'" + String.join(" ", command) + "' exited " + p.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs a shell command line with bash -c. */
    public static String sh(Path dir, String commandLine) {
        return run(dir, "bash", "-c", commandLine);
    }
}
