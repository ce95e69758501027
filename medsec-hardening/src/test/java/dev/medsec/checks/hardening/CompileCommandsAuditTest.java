package dev.medsec.checks.hardening;

import dev.medsec.core.Severity;
import dev.medsec.core.image.ScanSettings;
import dev.medsec.testkit.CheckTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CompileCommandsAuditTest {
    @TempDir
    Path dir;

    private static final String GOOD = "-O2 -Wall -Werror -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE "
            + "-fstack-clash-protection -fcf-protection=full";

    private static String entry(String file, String command) {
        return "{\"directory\": \"/build\", \"file\": \"" + file + "\", \"command\": \"" + command + "\"}";
    }

    @Test
    void inspect_fullyHardened_notReported() {
        CheckTester.of(new CompileCommandsAudit(), dir)
                .text("/build/compile_commands.json", "[" + entry("src/a.c", "/usr/bin/gcc " + GOOD + " -c src/a.c -o a.o")
                        + "]")
                .run();
    }

    @Test
    void inspect_missingGroups_oneFindingPerGroupListingFiles() {
        String json = "[" + entry("src/a.c", "gcc " + GOOD + " -c src/a.c")
                + "," + entry("src/b.c", "gcc -O0 -Wall -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE "
                + "-fstack-clash-protection -fcf-protection=full -c src/b.c")
                + "," + entry("src/c.c", "gcc " + GOOD + " -fno-stack-protector -c src/c.c") + "]";
        CheckTester.of(new CompileCommandsAudit(), dir)
                .text("/build/compile_commands.json", json)
                .expect("/build/compile_commands.json", f -> f.evidence().get("flag").equals("-Werror")
                        && f.evidence().get("files").equals(List.of("src/b.c")) && f.severity() == Severity.LOW)
                .expect("/build/compile_commands.json", f -> f.evidence().get("flag").toString().contains("FORTIFY")
                        && f.evidence().get("files").equals(List.of("src/b.c")) && f.severity() == Severity.MEDIUM)
                .expect("/build/compile_commands.json", f -> f.evidence().get("flag").toString().contains("stack-protector")
                        && f.evidence().get("files").equals(List.of("src/c.c")) && f.evidence().get("total").equals(3))
                .run();
    }

    @Test
    void inspect_argumentsArrayCrossCompilerAndLink_judgedPerTarget() {
        String json = "[{\"directory\": \"/b\", \"file\": \"m.c\", \"output\": \"app\", \"arguments\": "
                + "[\"aarch64-linux-gnu-gcc\", \"-O2\", \"-Wall\", \"-Werror\", \"-D_FORTIFY_SOURCE=2\", "
                + "\"-fstack-protector-strong\", \"-fPIE\", \"-fstack-clash-protection\", \"-fcf-protection=full\", "
                + "\"-Wl,-z,relro\", \"m.c\", \"-o\", \"app\"]}]";
        CheckTester.of(new CompileCommandsAudit(), dir)
                .text("/src/compile_commands.json", json)
                .expect("/src/compile_commands.json", f -> f.evidence().get("flag").toString().contains("branch-protection"))
                .expect("/src/compile_commands.json", f -> f.evidence().get("flag").toString().contains("-z,now")
                        && f.evidence().get("files").equals(List.of("app")))
                .run();
    }

    @Test
    void inspect_buildDirSetting_readFromHost() throws IOException {
        Path build = Files.createDirectories(dir.resolve("build"));
        Files.writeString(build.resolve("compile_commands.json"),
                "[" + entry("x.c", "cc -O2 -c x.c") + "]");
        ScanSettings s = new ScanSettings(Instant.EPOCH, Optional.empty(), List.of(), List.of(build), List.of(),
                Optional.empty(), Map.of());
        CheckTester.Result r = CheckTester.of(new CompileCommandsAudit(), dir).settings(s).runUnchecked();
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).extracting(f -> f.evidence().get("flag")).containsExactlyInAnyOrder(
                "-Wall", "-Werror", "-fstack-protector-strong or -fstack-protector-all",
                "-D_FORTIFY_SOURCE=2 or =3 with -O1 or higher", "-fPIE or -fPIC", "-fstack-clash-protection",
                "-fcf-protection (x86) / -mbranch-protection (AArch64)");
    }

    @Test
    void inspect_notAnArray_error() {
        CheckTester.Result r = CheckTester.of(new CompileCommandsAudit(), dir)
                .text("/build/compile_commands.json", "{\"oops\": 1}").allowErrors().run();
        assertThat(r.errors()).hasSize(1);
    }

    @Test
    void inspect_truncatedJson_errorNotCrash() {
        CheckTester.Result r = CheckTester.of(new CompileCommandsAudit(), dir)
                .text("/build/compile_commands.json", "[{\"file\": \"a.c\", \"command\": \"gcc -c").allowErrors().run();
        assertThat(r.errors()).hasSize(1);
    }

    @Test
    void split_quotedArguments_shellSemantics() {
        assertThat(CompilerFlags.split("gcc -DNAME=\\\"x y\\\" '-Wl,-rpath,$ORIGIN' \"a b.c\""))
                .containsExactly("gcc", "-DNAME=\"x", "y\"", "-Wl,-rpath,$ORIGIN", "a b.c");
    }
}
