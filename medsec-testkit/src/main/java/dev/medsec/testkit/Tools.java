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

    /** Runs a command in {@code dir}; fails the test with its output when it exits non-zero. */
    public static String run(Path dir, String... command) {
        try {
            List<String> cmd = new ArrayList<>(List.of(command));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().put("LC_ALL", "C");
            pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin");
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
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
