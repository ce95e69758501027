package dev.medsec.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes report.json through Jackson's object model, never through text templates. */
public final class JsonReportWriter {
    private JsonReportWriter() {
    }

    /** The mapper every medsec JSON output uses: Optionals unwrapped, indented, no trailing surprises. */
    public static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new Jdk8Module())
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    public static void write(Report report, OutputStream out) throws IOException {
        mapper().writeValue(out, report);
    }

    /** Writes atomically: readers never see a half-written report. */
    public static void write(Report report, Path file) throws IOException {
        writeAtomically(file, out -> write(report, out));
    }

    /** Something that writes to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    public static void writeAtomically(Path file, StreamWriter writer) throws IOException {
        try {
            writeAtomicallyUnchecked(file, writer);
        } catch (java.nio.file.FileSystemException e) {
            throw cannotWrite(file, e);
        }
    }

    /**
     * "cannot write out/report.json: permission denied (out)" instead of the bare name of a temporary file that
     * the JDK's exception carries.
     */
    public static IOException cannotWrite(Path file, java.nio.file.FileSystemException e) {
        String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such directory"
                : e instanceof java.nio.file.FileAlreadyExistsException ? "a file of that name is in the way"
                : e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
        Path dir = file.toAbsolutePath().getParent();
        return new IOException("cannot write " + file + ": " + why + (dir == null ? "" : " (" + dir + ")"), e);
    }

    private static void writeAtomicallyUnchecked(Path file, StreamWriter writer) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
