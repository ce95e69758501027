package dev.medsec.evidence.afl;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A short, bounded real AFL++ campaign on a small harness that aborts on inputs "M?" (other than "MD") and spins on
 * inputs starting with "H": a few seconds are enough for AFL++ to save a crash, usually hangs too.
 */
public final class AflFixture {
    static final String HARNESS = """
            #include <stdlib.h>
            #include <unistd.h>
            int main(void) {
                unsigned char buf[64];
                ssize_t n = read(0, buf, sizeof buf);
                if (n >= 2 && buf[0] == 'M' && buf[1] != 'D') {
                    abort();
                }
                if (n >= 1 && buf[0] == 'H') {
                    for (;;) { }
                }
                return 0;
            }
            """;

    private AflFixture() {
    }

    /** Runs afl-fuzz for {@code seconds} in {@code dir}; returns the output directory. */
    public static Path run(Path dir, int seconds) {
        Tools.require("afl-fuzz");
        Tools.require("gcc");
        try {
            Files.writeString(dir.resolve("harness.c"), HARNESS);
            Files.createDirectories(dir.resolve("in"));
            Files.writeString(dir.resolve("in/seed"), "MD");
            // afl-cc instruments for coverage; without it (no clang/LLVM plugin) plain gcc and afl-fuzz -n still
            // find the crash by mutation alone
            boolean instrumented = Tools.find("afl-cc") && tryRun(dir, "afl-cc -g -o harness harness.c");
            if (!instrumented) {
                Tools.sh(dir, "gcc -g -o harness harness.c");
            }
            Tools.sh(dir, "AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1"
                    + (instrumented ? "" : " AFL_SKIP_BIN_CHECK=1")
                    + " timeout " + (seconds + 30) + " afl-fuzz " + (instrumented ? "" : "-n ")
                    + "-V " + seconds + " -t 50 -i in -o out -- ./harness > afl.log 2>&1");
            return dir.resolve("out");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean tryRun(Path dir, String cmd) {
        try {
            Tools.sh(dir, cmd + " > afl-cc.log 2>&1");
            return Files.isExecutable(dir.resolve("harness"));
        } catch (AssertionError e) {
            return false;
        }
    }
}
