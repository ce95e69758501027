package dev.medsec.evidence.sarif;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small C source tree with known weaknesses, and the reports real cppcheck and flawfinder write about it. */
public final class AnalyzerFixture {
    /** Line 4: strcpy without bound (flawfinder CWE-120); line 9: index out of bounds; line 10: double free. */
    static final String PARSE_C = """
            #include <stdio.h>
            #include <string.h>
            #include <stdlib.h>
            void copy(char *dst, const char *src) { strcpy(dst, src); }
            int main(int argc, char **argv) {
                char buf[10];
                char *p = malloc(10);
                if (argc > 1) copy(buf, argv[1]);
                buf[10] = 0;
                free(p); free(p);
                return 0;
            }
            """;

    private AnalyzerFixture() {
    }

    static Path sourceTree(Path dir) {
        try {
            Files.createDirectories(dir.resolve("src"));
            Files.writeString(dir.resolve("src/parse.c"), PARSE_C);
            return dir.resolve("src");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** flawfinder --sarif over the tree; the report is written relative to {@code dir}. */
    public static Path flawfinderSarif(Path dir) {
        Tools.require("flawfinder");
        sourceTree(dir);
        Tools.sh(dir, "flawfinder --sarif src > flawfinder.sarif");
        return dir.resolve("flawfinder.sarif");
    }

    /**
     * cppcheck's XML report (Debian 12's cppcheck 2.10 has no SARIF output: it arrived in 2.14, see the note in
     * {@link CppcheckXmlParser}).
     */
    public static Path cppcheckXml(Path dir) {
        Tools.require("cppcheck");
        sourceTree(dir);
        Tools.sh(dir, "cppcheck --xml --enable=warning,style src 2> cppcheck.xml >/dev/null");
        return dir.resolve("cppcheck.xml");
    }
}
