package dev.medsec.memory.valgrind;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One program run under memcheck.
 *
 * @param command  the program and its arguments (without the Valgrind options)
 * @param exitCode the program's own exit status (Valgrind passes it through); empty when the run was killed
 * @param timedOut true when the wall-clock limit ended the run
 * @param duration wall-clock time
 * @param output   what memcheck reported (partial when the run was killed)
 */
public record ValgrindRun(List<String> command, OptionalInt exitCode, boolean timedOut, Duration duration,
                          ValgrindOutput output) {
    public ValgrindRun {
        command = List.copyOf(command);
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(output, "output");
    }
}
