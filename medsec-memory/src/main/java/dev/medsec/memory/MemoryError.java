package dev.medsec.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One error a dynamic tool reported about one program.
 *
 * @param kind        normalised kind
 * @param tool        "valgrind", "asan", "lsan", "ubsan"
 * @param toolKind    the tool's own name for it ("InvalidRead", "heap-buffer-overflow")
 * @param what        the tool's one-line description
 * @param program     the program the error happened in as the tool named it, "" when unknown
 * @param stack       where it happened, innermost frame first
 * @param allocStack  where the block involved was allocated, empty when not given
 * @param freeStack   where the block was freed, empty when not given
 * @param originStack where an uninitialised value came from (Valgrind --track-origins), empty when not given
 * @param bytes       leaked bytes, or the access size; 0 when not applicable
 * @param blocks      leaked blocks; 0 when not applicable
 * @param occurrences how many times the tool saw it (Valgrind counts repeats of one error)
 */
public record MemoryError(MemoryErrorKind kind, String tool, String toolKind, String what, String program,
                          List<StackFrame> stack, List<StackFrame> allocStack, List<StackFrame> freeStack,
                          List<StackFrame> originStack, long bytes, long blocks, long occurrences) {

    /** Frames that enter the fingerprint: enough to tell two defects apart, few enough to survive refactoring. */
    public static final int FINGERPRINT_FRAMES = 3;

    public MemoryError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(toolKind, "toolKind");
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(program, "program");
        stack = List.copyOf(stack);
        allocStack = List.copyOf(allocStack);
        freeStack = List.copyOf(freeStack);
        originStack = List.copyOf(originStack);
    }

    /** The innermost frame in the program's own code (allocator and sanitizer frames skipped), if any. */
    public java.util.Optional<StackFrame> topFrame() {
        return userFrames(primaryStack()).stream().findFirst();
    }

    /**
     * The stack that locates the defect. For a leak the tools print where the lost block was allocated; for the
     * other kinds, where the bad access happened.
     */
    public List<StackFrame> primaryStack() {
        return stack;
    }

    /**
     * The frame to point a developer at: the innermost frame in the program itself when the tool named the
     * program (an uninitialised value is often detected deep in libc's printf, but the bug is in the caller),
     * else the innermost frame that is not allocator or sanitizer runtime.
     */
    public java.util.Optional<StackFrame> defectFrame() {
        List<StackFrame> user = userFrames(primaryStack());
        if (!program.isEmpty()) {
            String base = StackFrame.baseName(program);
            for (StackFrame f : user) {
                if (f.hasSource() && StackFrame.baseName(f.object()).equals(base)) {
                    return java.util.Optional.of(f);
                }
            }
        }
        for (StackFrame f : user) {
            if (f.hasSource()) {
                return java.util.Optional.of(f);
            }
        }
        return user.stream().findFirst();
    }

    /**
     * Stable discriminator: normalised kind plus the top user frames (function, file, line), so the same defect
     * seen in several runs, on several machines or by several tools gets the same finding id.
     */
    public String fingerprintKey() {
        List<StackFrame> frames = userFrames(primaryStack());
        String top = frames.stream().limit(FINGERPRINT_FRAMES)
                .map(f -> f.function() + "@" + f.location())
                .collect(Collectors.joining("|"));
        return kind.name() + "|" + top;
    }

    /** Same error with its occurrences added to {@code other}'s: used to merge several runs. */
    public MemoryError mergedWith(MemoryError other) {
        return new MemoryError(kind, tool, toolKind, what, program, stack, allocStack, freeStack, originStack,
                Math.max(bytes, other.bytes), Math.max(blocks, other.blocks), occurrences + other.occurrences);
    }

    public static List<StackFrame> userFrames(List<StackFrame> frames) {
        List<StackFrame> out = new ArrayList<>();
        for (StackFrame f : frames) {
            if (!f.isToolRuntime()) {
                out.add(f);
            }
        }
        return out;
    }
}
