package dev.medsec.memory;

import java.util.Objects;

/**
 * One frame of a call stack as a dynamic tool printed it.
 *
 * @param function symbol name, "" when the tool could not symbolise the frame
 * @param object   binary or shared library the code lives in, "" when unknown
 * @param file     source file name without its directory (build directories differ between machines, and the
 *                 fingerprint must not), "" without debug info
 * @param line     source line, 0 without debug info
 */
public record StackFrame(String function, String object, String file, int line) {
    public StackFrame {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(file, "file");
        file = baseName(file);
        if (line < 0) {
            throw new IllegalArgumentException("line " + line);
        }
    }

    public boolean hasSource() {
        return !file.isEmpty() && line > 0;
    }

    /** "uaf.c:8", or the object when there is no debug info. */
    public String location() {
        if (hasSource()) {
            return file + ":" + line;
        }
        return object.isEmpty() ? "?" : baseName(object);
    }

    /** "main (uaf.c:8)". */
    public String display() {
        return (function.isEmpty() ? "???" : function) + " (" + location() + ")";
    }

    /**
     * Frames of the allocator wrappers and sanitizer runtimes: they are the same for every error and say nothing
     * about where the defect is, so they are left out of locations and fingerprints.
     */
    public boolean isToolRuntime() {
        return object.contains("vgpreload_") || object.contains("libasan") || object.contains("libubsan")
                || object.contains("liblsan") || file.startsWith("asan_") || file.startsWith("lsan_")
                || file.startsWith("ubsan_") || file.startsWith("sanitizer_")
                || function.startsWith("__interceptor_") || function.startsWith("__asan_")
                || function.startsWith("__sanitizer_") || function.startsWith("__ubsan_");
    }

    static String baseName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
