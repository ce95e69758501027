package dev.medsec.memory.valgrind;

import dev.medsec.memory.EvidenceException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program under {@code valgrind --tool=memcheck} with XML output, a wall-clock limit and the program's own
 * exit status kept, and parses what memcheck wrote.
 */
public final class ValgrindRunner {
    private final String valgrind;
    private final Duration timeout;
    private final List<Path> suppressions;
    private final ProcessBuilder.Redirect output;

    /**
     * @param valgrind     the valgrind executable (a name looked up on PATH, or a path)
     * @param timeout      wall-clock limit per run; the program is killed when it is reached
     * @param suppressions Valgrind suppression files
     * @param output       where the program's stdout and stderr go
     */
    public ValgrindRunner(String valgrind, Duration timeout, List<Path> suppressions,
                          ProcessBuilder.Redirect output) {
        this.valgrind = Objects.requireNonNull(valgrind);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        this.suppressions = List.copyOf(suppressions);
        this.output = Objects.requireNonNull(output);
    }

    public static ValgrindRunner withDefaults(Duration timeout) {
        return new ValgrindRunner("valgrind", timeout, List.of(), ProcessBuilder.Redirect.DISCARD);
    }

    /** The full command line for one run, Valgrind options first. */
    public List<String> commandLine(List<String> program, Path xmlFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(valgrind);
        cmd.add("--tool=memcheck");
        cmd.add("--xml=yes");
        cmd.add("--xml-file=" + xmlFile);
        cmd.add("--leak-check=full");
        // all kinds, so that still-reachable blocks are reported (as information) rather than silently dropped
        cmd.add("--show-leak-kinds=all");
        cmd.add("--track-origins=yes");
        cmd.add("--child-silent-after-fork=yes");
        for (Path s : suppressions) {
            cmd.add("--suppressions=" + s);
        }
        cmd.add("--");
        cmd.addAll(program);
        return cmd;
    }

    /**
     * Runs {@code program} (executable and arguments) in {@code workDir}.
     *
     * @throws ValgrindUnavailableException when valgrind cannot be started
     * @throws EvidenceException            when memcheck wrote no usable XML (e.g. the program does not exist)
     */
    public ValgrindRun run(List<String> program, Path workDir) throws IOException, InterruptedException {
        if (program.isEmpty()) {
            throw new IllegalArgumentException("no program to run");
        }
        for (Path s : suppressions) {
            if (!Files.isReadable(s)) {
                throw new IOException("suppression file not readable: " + s);
            }
        }
        Path xml = Files.createTempFile("medsec-memcheck-", ".xml");
        try {
            ProcessBuilder pb = new ProcessBuilder(commandLine(program, xml))
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(output)
                    .redirectError(output);
            long start = System.nanoTime();
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new ValgrindUnavailableException("cannot start '" + valgrind + "' (" + e.getMessage()
                        + "); install Valgrind (Debian: apt-get install valgrind)", e);
            }
            boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // the client runs inside the valgrind process; children it forked are killed with it
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (Files.size(xml) == 0) {
                throw new EvidenceException("memcheck wrote no report for '" + String.join(" ", program) + "'"
                        + (finished ? " (exit status " + p.exitValue() + "; does the program exist?)"
                        : " before the time limit of " + timeout.toSeconds() + " s"));
            }
            ValgrindOutput out = ValgrindXmlParser.parse(xml);
            return new ValgrindRun(program, finished ? OptionalInt.of(p.exitValue()) : OptionalInt.empty(),
                    !finished, took, out);
        } finally {
            Files.deleteIfExists(xml);
        }
    }
}
