package dev.medsec.checks.hardening;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds test binaries with the real compilers; each test states the exact flags that make or break a property. */
final class Gcc {
    static final String X86 = "gcc";
    static final String AARCH64 = "aarch64-linux-gnu-gcc";
    static final String ARMHF = "arm-linux-gnueabihf-gcc";
    static final String MIPS = "mips-linux-gnu-gcc";

    /** A program with a stack array, a fortifiable copy and a formatted print. */
    static final String APP = """
            #include <stdio.h>
            #include <string.h>
            int counter;
            int bump(void) { return ++counter; }
            int main(int argc, char **argv) {
                char b[64];
                strcpy(b, argv[0]);
                printf("%s %d\\n", b, bump());
                return 0;
            }
            """;
    static final String LIB = "int g;\nint get(void) { return g; }\n";
    /** No C library at all: for linker-layout fixtures (-N) that glibc's static start-up code does not allow. */
    static final String BARE = "int data = 1;\nvoid _start(void) { for (;;) data++; }\n";

    private Gcc() {
    }

    /** Compiles {@code source} with {@code cc} and the given flags into {@code dir/out}. */
    static Path build(Path dir, String cc, String out, String source, String flags) {
        Tools.require(cc);
        try {
            Path src = dir.resolve(out + ".c");
            Files.writeString(src, source);
            Tools.sh(dir, cc + " " + flags + " -o " + out + " " + src.getFileName());
            return dir.resolve(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path app(Path dir, String cc, String out, String flags) {
        return build(dir, cc, out, APP, "-O2 " + flags);
    }
}
