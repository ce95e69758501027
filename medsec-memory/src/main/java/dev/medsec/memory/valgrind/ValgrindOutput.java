package dev.medsec.memory.valgrind;

import dev.medsec.memory.MemoryError;

import java.util.List;
import java.util.Objects;

/**
 * What one Valgrind memcheck XML file says.
 *
 * @param program  the client program as Valgrind recorded it ({@code <argv><exe>}), "" when absent
 * @param args     the client's arguments
 * @param errors   errors in file order, each with Valgrind's repeat count folded in
 * @param complete false when the file ended early (the run was killed at its time limit, or crashed);
 *                 {@link #errors} then holds what was written before the end
 */
public record ValgrindOutput(String program, List<String> args, List<MemoryError> errors, boolean complete) {
    public ValgrindOutput {
        Objects.requireNonNull(program, "program");
        args = List.copyOf(args);
        errors = List.copyOf(errors);
    }
}
