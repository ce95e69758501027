package dev.medsec.memory;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Small C programs with one known memory defect each; the defect's line is marked with a {@code // DEFECT}
 * comment so that tests compare against the line number the real tools report.
 */
public enum CPrograms {
    LEAK("""
            #include <stdlib.h>
            #include <string.h>
            int main(void) {
                char *p = malloc(40); // DEFECT
                memset(p, 1, 40);
                p = 0;
                return p == 0 ? 0 : 1;
            }
            """),
    DOUBLE_FREE("""
            #include <stdlib.h>
            int main(void) {
                char *p = malloc(16);
                free(p);
                free(p); // DEFECT
                return 0;
            }
            """),
    USE_AFTER_FREE("""
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            int main(void) {
                char *p = malloc(16);
                strcpy(p, "hello");
                free(p);
                printf("%c\\n", p[2]); // DEFECT
                return 0;
            }
            """),
    HEAP_OVERFLOW("""
            #include <stdlib.h>
            int main(void) {
                int *a = malloc(8 * sizeof(int));
                for (int i = 0; i <= 8; i++) {
                    a[i] = i; // DEFECT
                }
                free(a);
                return 0;
            }
            """),
    UNINITIALISED("""
            #include <stdio.h>
            #include <stdlib.h>
            int main(void) {
                int *p = malloc(4 * sizeof(int));
                if (p[1] > 3) { // DEFECT
                    printf("big\\n");
                }
                free(p);
                return 0;
            }
            """),
    /** Correct code that keeps one block until exit through a global: still reachable, not a defect. */
    CLEAN("""
            #include <stdlib.h>
            #include <string.h>
            static char *config;
            int main(void) {
                char *tmp = malloc(32);
                memset(tmp, 0, 32);
                free(tmp);
                config = malloc(64); // DEFECT
                memset(config, 'x', 63);
                config[63] = 0;
                return strlen(config) == 63 ? 0 : 1;
            }
            """),
    /** Exits with a status of its own choice, to check that it is kept. */
    EXIT_SEVEN("""
            int main(void) {
                return 7; // DEFECT
            }
            """),
    /** Never ends on its own, to check the wall-clock limit. */
    SPIN("""
            #include <unistd.h>
            int main(void) {
                for (;;) {
                    sleep(1); // DEFECT
                }
            }
            """),
    UNDEFINED("""
            #include <limits.h>
            #include <stdio.h>
            int main(int argc, char **argv) {
                int x = INT_MAX;
                x += argc; // DEFECT
                printf("%d\\n", x);
                return 0;
            }
            """);

    private final String source;

    CPrograms(String source) {
        this.source = source;
    }

    public String fileName() {
        return name().toLowerCase(java.util.Locale.ROOT) + ".c";
    }

    /** 1-based line of the DEFECT marker. */
    public int defectLine() {
        String[] lines = source.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("// DEFECT")) {
                return i + 1;
            }
        }
        throw new IllegalStateException("no DEFECT marker in " + name());
    }

    /** Writes the source and compiles it with gcc -g -O0 plus {@code flags}; returns the executable. */
    public Path compile(Path dir, String suffix, String... flags) {
        try {
            Path src = dir.resolve(fileName());
            Files.writeString(src, source, StandardCharsets.UTF_8);
            Path exe = dir.resolve(name().toLowerCase(java.util.Locale.ROOT) + suffix);
            List<String> cmd = new ArrayList<>(List.of("gcc", "-g", "-O0"));
            cmd.addAll(List.of(flags));
            cmd.addAll(List.of("-o", exe.toString(), src.toString()));
            Tools.run(dir, cmd.toArray(String[]::new));
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
