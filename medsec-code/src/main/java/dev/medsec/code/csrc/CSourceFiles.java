package dev.medsec.code.csrc;

import dev.medsec.core.check.Findings;
import dev.medsec.core.classify.FileType;
import dev.medsec.core.image.Artifact;
import dev.medsec.core.image.Image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The C/C++ sources a scan sees: source files inside the image (selected by name; their bytes are text) and
 * the trees given with --source on the host. Host trees are walked without following symbolic links, to a
 * bounded depth and file count; their findings are reported at "source:DIR/relative/path", never at a host path.
 */
public final class CSourceFiles {
    static final int MAX_DEPTH = 32;
    static final int MAX_FILES = 100_000;

    /** A source file ready for analysis. */
    public record SourceFile(String path, CSource source) {
    }

    @FunctionalInterface
    public interface Visitor {
        void visit(SourceFile file);
    }

    private CSourceFiles() {
    }

    public static boolean isImageSource(Artifact a) {
        FileType t = a.type();
        return a.hasContent() && CSource.isSourceName(a.fileName())
                && (t == FileType.TEXT || t == FileType.SCRIPT || t == FileType.SHELL_SCRIPT || t == FileType.XML);
    }

    /** Visits every source; unreadable ones are reported as errors only when {@code reportErrors}. */
    public static void forEach(Image image, Findings out, boolean reportErrors, Visitor visitor) throws IOException {
        for (Iterator<Artifact> it = image.files().filter(CSourceFiles::isImageSource).iterator(); it.hasNext(); ) {
            Artifact a = it.next();
            try {
                visitor.visit(new SourceFile(a.path(), a.view(CSource.VIEW)));
            } catch (IOException e) {
                if (reportErrors) {
                    out.error(a.path(), e.getMessage());
                }
            }
        }
        for (Path dir : image.settings().sourceDirs()) {
            walk(dir, out, reportErrors, visitor);
        }
    }

    private static void walk(Path dir, Findings out, boolean reportErrors, Visitor visitor) throws IOException {
        String label = "source:" + (dir.getFileName() == null ? "" : dir.getFileName().toString());
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (reportErrors) {
                out.error(label, "source directory does not exist or is a link");
            }
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir, MAX_DEPTH, EnumSet.noneOf(FileVisitOption.class).toArray(new FileVisitOption[0]))) {
            files = s.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> CSource.isSourceName(p.getFileName().toString()))
                    .limit(MAX_FILES).sorted().toList();
        }
        for (Path f : files) {
            String path = label + "/" + dir.relativize(f).toString().replace('\\', '/');
            try {
                if (Files.size(f) > CSource.MAX_BYTES) {
                    throw new IOException("source of " + Files.size(f) + " bytes exceeds the analysis limit");
                }
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                visitor.visit(new SourceFile(path, CSource.parse(text)));
            } catch (IOException e) {
                if (reportErrors) {
                    out.error(path, e.getMessage());
                }
            }
        }
    }
}
