package dev.medsec.testkit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles test fixtures with the JDK's own javac, as a device vendor's build would. */
public final class Javac {
    private Javac() {
    }

    /**
     * Compiles one public class to a class file in {@code dir}; {@code release} "8" gives StringBuilder
     * concatenation, "17" gives invokedynamic concatenation.
     */
    public static Path compile(Path dir, String className, String source, String release) {
        try {
            Path src = dir.resolve("src-" + release);
            Path out = dir.resolve("classes-" + release);
            Files.createDirectories(src);
            Files.createDirectories(out);
            Path file = src.resolve(className + ".java");
            Files.writeString(file, source, StandardCharsets.UTF_8);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int rc = javac.run(null, null, err, "-g", "-nowarn", "--release", release, "-d", out.toString(),
                    file.toString());
            if (rc != 0) {
                throw new AssertionError("javac failed:\n" + err.toString(StandardCharsets.UTF_8));
            }
            return out.resolve(className + ".class");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path compile(Path dir, String className, String source) {
        return compile(dir, className, source, "17");
    }
}
