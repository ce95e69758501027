package dev.medsec.checks.crypto;

import dev.medsec.testkit.Tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds small C fixtures with gcc or a Debian cross compiler. */
public final class CBuild {
    private CBuild() {
    }

    /**
     * Compiles {@code source} into an executable named {@code name}; {@code extra} are further compiler/linker
     * arguments (libraries after the source).
     */
    public static Path exe(Path dir, String compiler, String name, String source, String... extra) {
        Tools.require(compiler);
        try {
            Path src = dir.resolve(name + ".c");
            Files.writeString(src, source);
            String[] cmd = new String[5 + extra.length];
            cmd[0] = compiler;
            cmd[1] = "-O2";
            cmd[2] = "-o";
            cmd[3] = name;
            cmd[4] = src.getFileName().toString();
            System.arraycopy(extra, 0, cmd, 5, extra.length);
            Tools.run(dir, cmd);
            return dir.resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A shared library {@code soname} defining {@code source}'s functions, to link fixtures against. */
    public static Path stubLibrary(Path dir, String compiler, String soname, String source) {
        Tools.require(compiler);
        try {
            Path src = dir.resolve("stub-" + soname + ".c");
            Files.writeString(src, source);
            Tools.run(dir, compiler, "-shared", "-fPIC", "-o", soname, "-Wl,-soname," + soname,
                    src.getFileName().toString());
            return dir.resolve(soname);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
